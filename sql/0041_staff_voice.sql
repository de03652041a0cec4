-- 0041 staff and leadership 信息调查 (INF-7, seed 000 五(八): "通过建立总裁信箱、每年一次的员工需求普查等方式加强员工与领导层的
-- 沟通, 对员工普遍的需求应以公司文件的形式予以回复, 对个别员工提出的较尖锐的问题, 应由相关领导当面与之沟通"):
-- the president's mailbox, where any member of staff writes to the leadership (anonymously if they wish), and the
-- yearly staff-needs census ADMIN & HR opens. Every letter and need is answered by a named leader — in writing, in
-- person, or, for needs many share, by a company document (its number and title).

-- The president's mailbox 总裁信箱. Company-level and addressed to the leadership: no office column (an office's
-- management must not read its staff's letters), so no row-level security; Services admit the leadership to every
-- letter and a named submitter to their own. An anonymous letter stores no submitter at all, only the SHA-256 of
-- the receipt key shown once to the writer, with which they read the answer.
CREATE TABLE liaison.mailbox_letter (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submitted_by        bigint CONSTRAINT mailbox_letter_submitter_fkey REFERENCES liaison.staff_user (id),
    receipt_digest      bytea CONSTRAINT mailbox_letter_receipt_key UNIQUE,
    category            text NOT NULL CONSTRAINT mailbox_letter_category
                        CHECK (category IN ('suggestion', 'complaint', 'need', 'question', 'other')),
    subject             text NOT NULL CONSTRAINT mailbox_letter_subject_not_blank CHECK (btrim(subject) <> ''),
    body                text NOT NULL CONSTRAINT mailbox_letter_body_not_blank CHECK (btrim(body) <> ''),
    submitted_at        timestamptz NOT NULL,
    answer_kind         text CONSTRAINT mailbox_letter_answer_kind CHECK (answer_kind IN ('reply', 'in_person', 'company_document')),
    answer_text         text,
    document_reference  text,
    answered_by         bigint CONSTRAINT mailbox_letter_answerer_fkey REFERENCES liaison.staff_user (id),
    answered_at         timestamptz,
    version             integer NOT NULL DEFAULT 1,
    -- Named, or anonymous with a receipt: never both, never neither.
    CONSTRAINT mailbox_letter_writer CHECK ((submitted_by IS NULL) <> (receipt_digest IS NULL)),
    CONSTRAINT mailbox_letter_answer CHECK (
        (answer_kind IS NULL) = (answered_at IS NULL) AND (answered_at IS NULL) = (answered_by IS NULL)
        AND (answer_kind IS NULL OR btrim(coalesce(answer_text, '')) <> '')
        AND ((answer_kind = 'company_document') = (document_reference IS NOT NULL))
        -- Nobody can be met in person who did not give a name.
        AND (answer_kind IS DISTINCT FROM 'in_person' OR submitted_by IS NOT NULL))
);
CREATE INDEX mailbox_letter_submitter_idx ON liaison.mailbox_letter (submitted_by, id);
CREATE INDEX mailbox_letter_open_idx ON liaison.mailbox_letter (id) WHERE answered_at IS NULL;
COMMENT ON TABLE liaison.mailbox_letter IS
    'The president''s mailbox (INF-7): staff letters to the leadership, named or anonymous (receipt_digest instead of submitted_by), each answered by a named leader or a company document.';
COMMENT ON COLUMN liaison.mailbox_letter.receipt_digest IS 'SHA-256 of the receipt key an anonymous writer was shown once; the key itself is never stored.';

-- The yearly staff-needs census 员工需求普查, opened by ADMIN & HR, one a year.
CREATE TABLE liaison.staff_needs_census (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year        integer NOT NULL CONSTRAINT staff_needs_census_year_key UNIQUE
                CONSTRAINT staff_needs_census_year_range CHECK (year BETWEEN 2000 AND 2999),
    title       text NOT NULL CONSTRAINT staff_needs_census_title_not_blank CHECK (btrim(title) <> ''),
    opens_on    date NOT NULL,
    closes_on   date NOT NULL,
    opened_by   bigint NOT NULL CONSTRAINT staff_needs_census_opener_fkey REFERENCES liaison.staff_user (id),
    opened_at   timestamptz NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    CONSTRAINT staff_needs_census_window CHECK (closes_on >= opens_on)
);
COMMENT ON TABLE liaison.staff_needs_census IS 'The yearly staff-needs census (INF-7): its window for submissions; opened by ADMIN & HR.';

-- One need a member of staff writes in a census. office_id is the office they wrote from (NULL: HQ), so the rows are
-- row-secured like every office's data; Services narrow further: only the writer and ADMIN & HR / leadership read a need.
CREATE TABLE liaison.staff_need (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    census_id           bigint NOT NULL CONSTRAINT staff_need_census_fkey REFERENCES liaison.staff_needs_census (id),
    office_id           bigint CONSTRAINT staff_need_office_fkey REFERENCES liaison.office (id),
    submitted_by        bigint NOT NULL CONSTRAINT staff_need_submitter_fkey REFERENCES liaison.staff_user (id),
    submitted_at        timestamptz NOT NULL,
    category            text NOT NULL CONSTRAINT staff_need_category
                        CHECK (category IN ('training', 'pay_and_benefits', 'working_conditions', 'career', 'living', 'other')),
    content             text NOT NULL CONSTRAINT staff_need_content_not_blank CHECK (btrim(content) <> ''),
    answer_kind         text CONSTRAINT staff_need_answer_kind CHECK (answer_kind IN ('reply', 'in_person', 'company_document')),
    answer_text         text,
    document_reference  text,
    answered_by         bigint CONSTRAINT staff_need_answerer_fkey REFERENCES liaison.staff_user (id),
    answered_at         timestamptz,
    version             integer NOT NULL DEFAULT 1,
    CONSTRAINT staff_need_answer CHECK (
        (answer_kind IS NULL) = (answered_at IS NULL) AND (answered_at IS NULL) = (answered_by IS NULL)
        AND (answer_kind IS NULL OR btrim(coalesce(answer_text, '')) <> '')
        AND ((answer_kind = 'company_document') = (document_reference IS NOT NULL)))
);
CREATE INDEX staff_need_census_idx ON liaison.staff_need (census_id, id);
CREATE INDEX staff_need_submitter_idx ON liaison.staff_need (submitted_by, census_id);
COMMENT ON TABLE liaison.staff_need IS
    'A need written in a staff-needs census (INF-7), answered by a named leader or, when many share it, by a company document.';

ALTER TABLE liaison.staff_need ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.staff_need FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.staff_need
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
