-- 0039 community culture activities 社区文化活动 (INF-6, seed 002 9 and 4.2.4): the company's yearly plan, each
-- office's yearly plan derived from it and approved by BUSINESS through the approval workflow, the activities held
-- (date, place, participants, a written record and/or photos, an effect evaluation), and per office and quarter how
-- many were held (the seed asks for at least one a quarter).

-- A plan: the company's (office_id NULL; written and published by BUSINESS) or an office's (derived from the company
-- plan of its year, submitted for BUSINESS's approval, then published).
CREATE TABLE liaison.activity_plan (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id        bigint CONSTRAINT activity_plan_office_fkey REFERENCES liaison.office (id),
    year             integer NOT NULL CONSTRAINT activity_plan_year_range CHECK (year BETWEEN 2000 AND 2100),
    company_plan_id  bigint CONSTRAINT activity_plan_company_plan_fkey REFERENCES liaison.activity_plan (id),
    title            text NOT NULL CONSTRAINT activity_plan_title_not_blank CHECK (btrim(title) <> ''),
    body             text NOT NULL DEFAULT '',
    status           text NOT NULL DEFAULT 'draft' CONSTRAINT activity_plan_status CHECK (status IN ('draft', 'in_review', 'approved', 'published')),
    step             integer,
    submitted_at     timestamptz,
    published_at     timestamptz,
    created_by       bigint NOT NULL CONSTRAINT activity_plan_creator_fkey REFERENCES liaison.staff_user (id),
    created_at       timestamptz NOT NULL,
    version          integer NOT NULL DEFAULT 1,
    CONSTRAINT activity_plan_derived CHECK ((office_id IS NULL) = (company_plan_id IS NULL)),
    CONSTRAINT activity_plan_step CHECK ((status = 'in_review') = (step IS NOT NULL)),
    CONSTRAINT activity_plan_published CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE UNIQUE INDEX activity_plan_year_key ON liaison.activity_plan (coalesce(office_id, 0), year);
COMMENT ON TABLE liaison.activity_plan IS
    'Yearly community culture activity plans (INF-6): the company''s (office_id NULL) and each office''s, derived from the company plan and approved by BUSINESS.';

CREATE TABLE liaison.activity_plan_item (
    plan_id    bigint NOT NULL CONSTRAINT activity_plan_item_plan_fkey REFERENCES liaison.activity_plan (id),
    office_id  bigint,
    position   integer NOT NULL CONSTRAINT activity_plan_item_position_range CHECK (position BETWEEN 1 AND 100),
    quarter    integer NOT NULL CONSTRAINT activity_plan_item_quarter_range CHECK (quarter BETWEEN 1 AND 4),
    theme      text NOT NULL CONSTRAINT activity_plan_item_theme_not_blank CHECK (btrim(theme) <> ''),
    PRIMARY KEY (plan_id, position)
);
COMMENT ON TABLE liaison.activity_plan_item IS 'A planned activity of a yearly plan: its quarter and theme (e.g. Q1 元宵游园).';

CREATE TABLE liaison.activity_plan_decision (
    plan_id      bigint NOT NULL CONSTRAINT activity_plan_decision_plan_fkey REFERENCES liaison.activity_plan (id),
    office_id    bigint,
    sequence     integer NOT NULL CONSTRAINT activity_plan_decision_sequence CHECK (sequence >= 1),
    decision     text NOT NULL CONSTRAINT activity_plan_decision_decision CHECK (decision IN ('submit', 'approve', 'reject', 'publish')),
    step         text,
    from_status  text NOT NULL,
    to_status    text NOT NULL,
    actor_id     bigint NOT NULL CONSTRAINT activity_plan_decision_actor_fkey REFERENCES liaison.staff_user (id),
    comment      text,
    decided_at   timestamptz NOT NULL,
    PRIMARY KEY (plan_id, sequence)
);
COMMENT ON TABLE liaison.activity_plan_decision IS 'Each decision on an activity plan: submit, approve or reject at BUSINESS''s step, publish.';

-- The company's plan is read by every office (their plans derive from it) and written by HQ only.
ALTER TABLE liaison.activity_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.activity_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.activity_plan
    USING (liaison.visible_office(office_id) OR (office_id IS NULL AND coalesce(current_setting('liaison.actor_scope', true), '') <> ''))
    WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.activity_plan_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.activity_plan_item FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.activity_plan_item
    USING (liaison.visible_office(office_id) OR (office_id IS NULL AND coalesce(current_setting('liaison.actor_scope', true), '') <> ''))
    WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.activity_plan_decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.activity_plan_decision FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.activity_plan_decision
    USING (liaison.visible_office(office_id) OR (office_id IS NULL AND coalesce(current_setting('liaison.actor_scope', true), '') <> ''))
    WITH CHECK (liaison.visible_office(office_id));

CREATE TABLE liaison.community_activity (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id          bigint NOT NULL CONSTRAINT community_activity_office_fkey REFERENCES liaison.office (id),
    plan_id            bigint CONSTRAINT community_activity_plan_fkey REFERENCES liaison.activity_plan (id),
    title              text NOT NULL CONSTRAINT community_activity_title_not_blank CHECK (btrim(title) <> ''),
    held_on            date NOT NULL,
    place              text NOT NULL CONSTRAINT community_activity_place_not_blank CHECK (btrim(place) <> ''),
    participants       text NOT NULL DEFAULT '',
    participant_count  integer NOT NULL CONSTRAINT community_activity_participant_count_range CHECK (participant_count BETWEEN 0 AND 100000),
    record             text CONSTRAINT community_activity_record_not_blank CHECK (btrim(record) <> ''),
    evaluation         text CONSTRAINT community_activity_evaluation_not_blank CHECK (btrim(evaluation) <> ''),
    evaluated_by       bigint CONSTRAINT community_activity_evaluator_fkey REFERENCES liaison.staff_user (id),
    evaluated_at       timestamptz,
    created_by         bigint NOT NULL CONSTRAINT community_activity_creator_fkey REFERENCES liaison.staff_user (id),
    created_at         timestamptz NOT NULL,
    version            integer NOT NULL DEFAULT 1,
    CONSTRAINT community_activity_evaluated CHECK ((evaluation IS NULL) = (evaluated_at IS NULL) AND (evaluated_at IS NULL) = (evaluated_by IS NULL))
);
CREATE INDEX community_activity_office_idx ON liaison.community_activity (office_id, held_on);
COMMENT ON TABLE liaison.community_activity IS
    'A community culture activity held (INF-6, 社区文化活动记录表): date, place, participants, a written record and/or photos (attachments), and the effect evaluation.';

ALTER TABLE liaison.community_activity ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.community_activity FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.community_activity
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

-- Photos of an activity are attachments.
ALTER TABLE liaison.attachment DROP CONSTRAINT attachment_subject;
ALTER TABLE liaison.attachment ADD CONSTRAINT attachment_subject CHECK (
    subject IN ('ticket', 'meeting', 'outgoing_document', 'developer_matter', 'community_activity'));

CREATE VIEW bi.community_activity_quarterly AS
SELECT a.office_id, o.code AS office_code, extract(year FROM a.held_on)::integer AS year, extract(quarter FROM a.held_on)::integer AS quarter,
       count(*) AS activities,
       count(*) FILTER (WHERE a.record IS NOT NULL OR EXISTS (
           SELECT 1 FROM liaison.attachment p WHERE p.subject = 'community_activity' AND p.subject_id = a.id)) AS documented,
       count(*) FILTER (WHERE a.evaluation IS NOT NULL) AS evaluated,
       sum(a.participant_count) AS participants
FROM liaison.community_activity a
JOIN liaison.office o ON o.id = a.office_id
GROUP BY a.office_id, o.code, extract(year FROM a.held_on), extract(quarter FROM a.held_on);
COMMENT ON VIEW bi.community_activity_quarterly IS
    'Community culture activities per office and calendar quarter (INF-6). The seed asks every office for at least one a quarter (ActivityPolicy.minimumPerQuarter); a quarter without a row held none.';
COMMENT ON COLUMN bi.community_activity_quarterly.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.community_activity_quarterly.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.community_activity_quarterly.year IS 'The calendar year the activities were held in.';
COMMENT ON COLUMN bi.community_activity_quarterly.quarter IS 'The calendar quarter, 1-4.';
COMMENT ON COLUMN bi.community_activity_quarterly.activities IS 'Activities held.';
COMMENT ON COLUMN bi.community_activity_quarterly.documented IS 'Of those, activities with a written record or at least one photo.';
COMMENT ON COLUMN bi.community_activity_quarterly.evaluated IS 'Of those, activities whose effect has been evaluated.';
COMMENT ON COLUMN bi.community_activity_quarterly.participants IS 'Participants counted across the activities.';
