-- 0002 identity: company settings, HQ departments (ORG-1), management offices (ORG-2),
-- roles (ORG-5), staff users with their roles and memberships, sessions, login
-- throttling, and the audit trail.

-- The company this database serves (one per database) and its calendar defaults (BI-3).
CREATE TABLE liaison.company (
    id         smallint PRIMARY KEY DEFAULT 1 CONSTRAINT company_single_row CHECK (id = 1),
    name       text NOT NULL CONSTRAINT company_name_not_blank CHECK (btrim(name) <> ''),
    time_zone  text NOT NULL DEFAULT 'Asia/Shanghai',
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE liaison.company IS 'The company (物业公司) this database serves; its time zone defines periods and working days (BI-3).';
INSERT INTO liaison.company (name) VALUES ('物业公司');

-- Exceptions to the Monday-Friday working week: public holidays, and make-up workdays (调休) on weekends.
CREATE TABLE liaison.calendar_day (
    day   date PRIMARY KEY,
    kind  text NOT NULL CONSTRAINT calendar_day_kind CHECK (kind IN ('holiday', 'workday')),
    name  text NOT NULL DEFAULT ''
);
COMMENT ON TABLE liaison.calendar_day IS 'Holidays (no work on a weekday) and make-up workdays (调休, work on a weekend day).';

-- HQ functional departments (ORG-1): data, seeded with the seeds'' list, editable.
CREATE TABLE liaison.department (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL CONSTRAINT department_code_key UNIQUE
                CONSTRAINT department_code_format CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
    name        text NOT NULL CONSTRAINT department_name_not_blank CHECK (btrim(name) <> ''),
    name_en     text NOT NULL DEFAULT '',
    archived_at timestamptz,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE liaison.department IS 'HQ functional departments (总部职能部门, ORG-1).';
INSERT INTO liaison.department (code, name, name_en) VALUES
    ('QUALITY', '品质管理部', 'Quality management'),
    ('ADMIN', '行政人事部', 'Administration & HR'),
    ('FINANCE', '财务部', 'Finance'),
    ('ENGINEERING', '工程技术部', 'Engineering & technical'),
    ('SECURITY', '保安部', 'Security'),
    ('BUSINESS', '经营管理部', 'Business management'),
    ('CONSULTING', '咨询部', 'Consulting'),
    ('QHSE', '质量安全环保部', 'Quality, health, safety & environment');

-- Management offices (管理处, ORG-2): the unit of data isolation.
CREATE TABLE liaison.office (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL CONSTRAINT office_code_key UNIQUE
                CONSTRAINT office_code_format CHECK (code ~ '^[A-Z][A-Z0-9]{1,15}$'),
    name        text NOT NULL CONSTRAINT office_name_not_blank CHECK (btrim(name) <> ''),
    name_en     text NOT NULL DEFAULT '',
    archived_at timestamptz,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE liaison.office IS 'Management offices (管理处, ORG-2); office-scoped rows carry office_id.';

-- Roles (ORG-5). The permission matrix that gives them meaning is in Domain.
CREATE TABLE liaison.role (
    code       text PRIMARY KEY,
    name       text NOT NULL,
    hq         boolean NOT NULL
);
COMMENT ON TABLE liaison.role IS 'Roles (ORG-5); hq roles act across offices, office roles inside their own.';
INSERT INTO liaison.role (code, name, hq) VALUES
    ('GENERAL_MANAGER', '总经理', true),
    ('MANAGEMENT_REP', '管理者代表', true),
    ('QUALITY_STAFF', '品质管理部员工', true),
    ('ADMIN_STAFF', '行政人事部员工', true),
    ('FINANCE_STAFF', '财务部员工', true),
    ('ENGINEERING_STAFF', '工程技术部员工', true),
    ('SECURITY_STAFF', '保安部员工', true),
    ('BUSINESS_STAFF', '经营管理部员工', true),
    ('CONSULTANT', '驻场顾问', true),
    ('OFFICE_MANAGER', '管理处经理', false),
    ('FRONT_DESK', '前台/客服助理', false),
    ('TECHNICIAN', '专业责任人', false),
    ('SUPERVISOR', '主管/领班', false),
    ('SALES_STAFF', '售房部', false),
    ('BI_READER', 'BI 只读', true);

-- Staff users: an HQ department or office memberships, one or more roles, an active flag.
CREATE TABLE liaison.staff_user (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username            text NOT NULL CONSTRAINT staff_user_username_format CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name        text NOT NULL CONSTRAINT staff_user_display_name_not_blank CHECK (btrim(display_name) <> ''),
    password_hash       text NOT NULL,
    department_id       bigint CONSTRAINT staff_user_department_fkey REFERENCES liaison.department (id),
    active              boolean NOT NULL DEFAULT true,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_user_username_key ON liaison.staff_user (username);
COMMENT ON TABLE liaison.staff_user IS 'Staff accounts; passwords only as scrypt hashes.';

CREATE TABLE liaison.staff_user_role (
    user_id bigint NOT NULL REFERENCES liaison.staff_user (id),
    role    text NOT NULL CONSTRAINT staff_user_role_role_fkey REFERENCES liaison.role (code),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE liaison.staff_user_office (
    user_id   bigint NOT NULL REFERENCES liaison.staff_user (id),
    office_id bigint NOT NULL CONSTRAINT staff_user_office_office_fkey REFERENCES liaison.office (id),
    PRIMARY KEY (user_id, office_id)
);
CREATE INDEX staff_user_office_office_idx ON liaison.staff_user_office (office_id);

-- Bearer sessions: only the SHA-256 of the token is stored.
CREATE TABLE liaison.session (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash     bytea NOT NULL CONSTRAINT session_token_hash_key UNIQUE
                   CONSTRAINT session_token_hash_length CHECK (octet_length(token_hash) = 32),
    user_id        bigint NOT NULL REFERENCES liaison.staff_user (id),
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    client_address text NOT NULL DEFAULT '',
    CONSTRAINT session_expires_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX session_user_idx ON liaison.session (user_id) WHERE revoked_at IS NULL;
COMMENT ON TABLE liaison.session IS 'Login sessions; the bearer token itself is never stored, only its SHA-256.';

-- Failed logins, counted per username and per client address to throttle guessing.
CREATE TABLE liaison.login_failure (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text NOT NULL,
    client_address text NOT NULL,
    at             timestamptz NOT NULL
);
CREATE INDEX login_failure_username_idx ON liaison.login_failure (username, at);
CREATE INDEX login_failure_address_idx ON liaison.login_failure (client_address, at);

-- The audit trail: one row per mutation, written in the mutation's transaction.
CREATE TABLE audit.event (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL,
    actor_user_id  bigint,
    actor_username text NOT NULL,
    action         text NOT NULL CONSTRAINT event_action_format CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    entity_type    text NOT NULL,
    entity_id      text NOT NULL,
    office_id      bigint,
    changes        jsonb NOT NULL DEFAULT '{}',
    request_id     text
);
CREATE INDEX event_entity_idx ON audit.event (entity_type, entity_id, at);
CREATE INDEX event_actor_idx ON audit.event (actor_user_id, at);
CREATE INDEX event_at_idx ON audit.event (at);
COMMENT ON TABLE audit.event IS 'Append-only audit trail: who did what to which record, when, with the changed fields (before/after).';
COMMENT ON COLUMN audit.event.changes IS 'Changed fields: {"field": {"before": …, "after": …}}; secrets are never recorded.';
