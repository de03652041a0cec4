-- 0036 satisfaction surveys 顾客满意率调查 (SRV-3/4, seeds 000 六, 002 10-11 and 4.2.6, 004): question
-- templates by area, versioned so that a campaign keeps the version it started with; campaigns of an
-- office or the whole company with the seeds' variants (semiannual full survey in June and November,
-- mid-year 50% sample with at least 20% from the customers with the most complaints, year-end full
-- survey, the group's October-November survey) copied in as numbers when the campaign starts; the
-- respondents drawn reproducibly from a seed with the reason each unit was picked; answers entered
-- from paper forms by staff or given once through a one-time link; and the bi views of recovery and
-- satisfaction per campaign, office and area, ranked across offices.

-- Templates and their versions are the company's (HQ QUALITY designs them): no office, no row security.
CREATE TABLE liaison.survey_template (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL CONSTRAINT survey_template_name_not_blank CHECK (btrim(name) <> ''),
    latest_version  integer NOT NULL DEFAULT 1 CONSTRAINT survey_template_latest_version_positive CHECK (latest_version >= 1),
    created_by      bigint NOT NULL CONSTRAINT survey_template_author_fkey REFERENCES liaison.staff_user (id),
    created_at      timestamptz NOT NULL,
    CONSTRAINT survey_template_name_key UNIQUE (name)
);
COMMENT ON TABLE liaison.survey_template IS 'Satisfaction survey question templates (SRV-4); questions live in versions, never edited in place.';

CREATE TABLE liaison.survey_template_version (
    template_id     bigint NOT NULL CONSTRAINT survey_template_version_template_fkey REFERENCES liaison.survey_template (id),
    version         integer NOT NULL CONSTRAINT survey_template_version_positive CHECK (version >= 1),
    created_by      bigint NOT NULL CONSTRAINT survey_template_version_author_fkey REFERENCES liaison.staff_user (id),
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (template_id, version)
);
COMMENT ON TABLE liaison.survey_template_version IS 'One version of a survey template: its questions are fixed once written.';

CREATE TABLE liaison.survey_question (
    template_id     bigint NOT NULL,
    version         integer NOT NULL,
    position        integer NOT NULL CONSTRAINT survey_question_position_range CHECK (position BETWEEN 1 AND 100),
    area            text NOT NULL CONSTRAINT survey_question_area CHECK (area IN (
                        'environment', 'engineering', 'security', 'customer_service', 'community_culture', 'other')),
    kind            text NOT NULL CONSTRAINT survey_question_kind CHECK (kind IN ('scale', 'text')),
    text            text NOT NULL CONSTRAINT survey_question_text_not_blank CHECK (btrim(text) <> ''),
    PRIMARY KEY (template_id, version, position),
    CONSTRAINT survey_question_version_fkey FOREIGN KEY (template_id, version) REFERENCES liaison.survey_template_version (template_id, version)
);
COMMENT ON TABLE liaison.survey_question IS
    'A question of a template version: its area (environment covers cleaning and greening) and kind (a five-point satisfaction scale, or free text).';

-- A campaign: an office's (office_id) or the company's (NULL, HQ runs it, every office's staff enter their customers' forms).
CREATE TABLE liaison.survey_campaign (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id           bigint CONSTRAINT survey_campaign_office_fkey REFERENCES liaison.office (id),
    name                text NOT NULL CONSTRAINT survey_campaign_name_not_blank CHECK (btrim(name) <> ''),
    variant             text NOT NULL CONSTRAINT survey_campaign_variant CHECK (variant IN ('semiannual_full', 'midyear_sample', 'year_end_full', 'group')),
    template_id         bigint NOT NULL,
    template_version    integer NOT NULL,
    opens_on            date NOT NULL,
    closes_on           date NOT NULL,
    -- The variant's numbers when the campaign started, in thousandths (500 = 50%).
    sample_permille     integer NOT NULL CONSTRAINT survey_campaign_sample_range CHECK (sample_permille BETWEEN 1 AND 1000),
    key_share_permille  integer NOT NULL CONSTRAINT survey_campaign_key_share_range CHECK (key_share_permille BETWEEN 0 AND 1000),
    target_permille     integer NOT NULL CONSTRAINT survey_campaign_target_range CHECK (target_permille BETWEEN 1 AND 1000),
    seed                text NOT NULL CONSTRAINT survey_campaign_seed_not_blank CHECK (btrim(seed) <> ''),
    complaint_year      integer NOT NULL,
    status              text NOT NULL DEFAULT 'open' CONSTRAINT survey_campaign_status CHECK (status IN ('open', 'closed')),
    outcome             text CONSTRAINT survey_campaign_outcome CHECK (outcome IN ('target_met', 'below_target')),
    closed_by           bigint CONSTRAINT survey_campaign_closer_fkey REFERENCES liaison.staff_user (id),
    closed_at           timestamptz,
    analysis_due_on     date,
    created_by          bigint NOT NULL CONSTRAINT survey_campaign_author_fkey REFERENCES liaison.staff_user (id),
    created_at          timestamptz NOT NULL,
    version             integer NOT NULL DEFAULT 1,
    CONSTRAINT survey_campaign_template_fkey FOREIGN KEY (template_id, template_version)
        REFERENCES liaison.survey_template_version (template_id, version),
    CONSTRAINT survey_campaign_window CHECK (closes_on >= opens_on),
    CONSTRAINT survey_campaign_closed CHECK (
        (status = 'closed') = (closed_at IS NOT NULL) AND (closed_at IS NULL) = (closed_by IS NULL)
        AND (closed_at IS NULL) = (outcome IS NULL) AND (closed_at IS NULL) = (analysis_due_on IS NULL))
);
CREATE INDEX survey_campaign_office_idx ON liaison.survey_campaign (office_id, id);
COMMENT ON TABLE liaison.survey_campaign IS
    'A satisfaction survey campaign (SRV-3) of an office or, office_id NULL, of the company: its variant''s sample, key-customer share and recovery target copied in, its template version, window and the seed its respondents were drawn with.';

ALTER TABLE liaison.survey_campaign ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.survey_campaign FORCE ROW LEVEL SECURITY;
-- An office's campaign: that office. The company's: read by every actor scope (offices take part), written by HQ.
CREATE POLICY office_isolation ON liaison.survey_campaign
    USING (liaison.visible_office(office_id) OR (office_id IS NULL AND coalesce(current_setting('liaison.actor_scope', true), '') <> ''))
    WITH CHECK (liaison.visible_office(office_id));

-- The units drawn, why, and their answer (one per respondent: a paper form entered by staff, or the one-time link).
CREATE TABLE liaison.survey_respondent (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id     bigint NOT NULL CONSTRAINT survey_respondent_campaign_fkey REFERENCES liaison.survey_campaign (id),
    office_id       bigint NOT NULL,
    unit_id         bigint NOT NULL,
    reason          text NOT NULL CONSTRAINT survey_respondent_reason CHECK (reason IN ('full', 'most_complaints', 'random')),
    complaints      integer NOT NULL CONSTRAINT survey_respondent_complaints_range CHECK (complaints >= 0),
    draw_position   integer NOT NULL CONSTRAINT survey_respondent_draw_position_positive CHECK (draw_position >= 1),
    responded_at    timestamptz,
    channel         text CONSTRAINT survey_respondent_channel CHECK (channel IN ('paper', 'link')),
    entered_by      bigint CONSTRAINT survey_respondent_enterer_fkey REFERENCES liaison.staff_user (id),
    CONSTRAINT survey_respondent_unit_fkey FOREIGN KEY (office_id, unit_id) REFERENCES liaison.unit (office_id, id),
    CONSTRAINT survey_respondent_unit_key UNIQUE (campaign_id, unit_id),
    CONSTRAINT survey_respondent_response CHECK (
        (responded_at IS NULL) = (channel IS NULL) AND (channel = 'paper') = (entered_by IS NOT NULL))
);
CREATE INDEX survey_respondent_campaign_idx ON liaison.survey_respondent (campaign_id, office_id, id);
COMMENT ON TABLE liaison.survey_respondent IS
    'A unit drawn for a campaign (SRV-3) and why: every unit (full), among the most complaining customers of complaint_year (most_complaints), or drawn at random from the seed; with its answer''s time and channel.';

ALTER TABLE liaison.survey_respondent ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.survey_respondent FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.survey_respondent
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

-- One-time links: the SHA-256 of each respondent's link key. Not row-secured: a key is resolved before any
-- actor scope exists (like notice_feed), then the transaction is narrowed to the respondent's office.
CREATE TABLE liaison.survey_link (
    respondent_id   bigint PRIMARY KEY CONSTRAINT survey_link_respondent_fkey REFERENCES liaison.survey_respondent (id),
    office_id       bigint NOT NULL CONSTRAINT survey_link_office_fkey REFERENCES liaison.office (id),
    key_digest      bytea NOT NULL CONSTRAINT survey_link_key_digest_key UNIQUE CONSTRAINT survey_link_key_digest_length CHECK (length(key_digest) = 32),
    issued_by       bigint NOT NULL CONSTRAINT survey_link_issuer_fkey REFERENCES liaison.staff_user (id),
    issued_at       timestamptz NOT NULL
);
COMMENT ON TABLE liaison.survey_link IS
    'The one-time survey link of a respondent (SRV-3): the SHA-256 of its key. Not row-secured: read to resolve a key before any actor scope exists.';

CREATE TABLE liaison.survey_answer (
    respondent_id   bigint NOT NULL CONSTRAINT survey_answer_respondent_fkey REFERENCES liaison.survey_respondent (id),
    office_id       bigint NOT NULL CONSTRAINT survey_answer_office_fkey REFERENCES liaison.office (id),
    position        integer NOT NULL,
    -- 5 very satisfied, 4 satisfied, 3 fair, 2 dissatisfied, 1 very dissatisfied (scale questions).
    score           smallint CONSTRAINT survey_answer_score_range CHECK (score BETWEEN 1 AND 5),
    text            text CONSTRAINT survey_answer_text_not_blank CHECK (btrim(text) <> ''),
    PRIMARY KEY (respondent_id, position),
    CONSTRAINT survey_answer_given CHECK ((score IS NULL) <> (text IS NULL))
);
COMMENT ON TABLE liaison.survey_answer IS 'One answered question of a respondent: a score on the five-point scale or a text.';

ALTER TABLE liaison.survey_answer ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.survey_answer FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.survey_answer
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

-- Recovery per campaign and office.
CREATE VIEW bi.survey_recovery AS
SELECT c.id AS campaign_id, c.name AS campaign_name, c.variant, c.office_id IS NULL AS company_wide, r.office_id, o.code AS office_code,
       count(*) AS respondents,
       count(r.responded_at) AS responses,
       round(count(r.responded_at)::numeric / count(*), 4) AS recovery_rate,
       round(c.target_permille / 1000.0, 3) AS recovery_target,
       count(r.responded_at) * 1000 >= c.target_permille * count(*) AS target_met
FROM liaison.survey_campaign c
JOIN liaison.survey_respondent r ON r.campaign_id = c.id
JOIN liaison.office o ON o.id = r.office_id
GROUP BY c.id, c.name, c.variant, c.office_id, r.office_id, o.code, c.target_permille;
COMMENT ON VIEW bi.survey_recovery IS 'Satisfaction survey recovery 回收率 (SRV-3): per campaign and office, the forms answered against the units drawn, and the campaign''s target.';
COMMENT ON COLUMN bi.survey_recovery.campaign_id IS 'The survey campaign (id).';
COMMENT ON COLUMN bi.survey_recovery.campaign_name IS 'The campaign''s name.';
COMMENT ON COLUMN bi.survey_recovery.variant IS 'semiannual_full (June, November), midyear_sample, year_end_full or group (October-November).';
COMMENT ON COLUMN bi.survey_recovery.company_wide IS 'Whether the company runs the campaign across offices (else one office runs its own).';
COMMENT ON COLUMN bi.survey_recovery.office_id IS 'The management office 管理处 (id) whose units were drawn.';
COMMENT ON COLUMN bi.survey_recovery.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.survey_recovery.respondents IS 'Units drawn in this office.';
COMMENT ON COLUMN bi.survey_recovery.responses IS 'Of those, units that answered (paper form or one-time link).';
COMMENT ON COLUMN bi.survey_recovery.recovery_rate IS 'responses / respondents, rounded to 4 decimals (0.6000 = 60%).';
COMMENT ON COLUMN bi.survey_recovery.recovery_target IS 'The campaign''s recovery target (0.600 = 60%).';
COMMENT ON COLUMN bi.survey_recovery.target_met IS 'Whether responses / respondents >= the target, exactly (not the rounded rate).';

-- Satisfaction per campaign, office and area, ranked across offices.
CREATE VIEW bi.survey_satisfaction AS
WITH cells AS (
    SELECT DISTINCT c.id AS campaign_id, c.name AS campaign_name, r.office_id, q.area
    FROM liaison.survey_campaign c
    JOIN liaison.survey_respondent r ON r.campaign_id = c.id
    JOIN liaison.survey_question q ON q.template_id = c.template_id AND q.version = c.template_version AND q.kind = 'scale'
),
scores AS (
    SELECT r.campaign_id, r.office_id, q.area, a.score
    FROM liaison.survey_answer a
    JOIN liaison.survey_respondent r ON r.id = a.respondent_id
    JOIN liaison.survey_campaign c ON c.id = r.campaign_id
    JOIN liaison.survey_question q ON q.template_id = c.template_id AND q.version = c.template_version AND q.position = a.position
    WHERE a.score IS NOT NULL
),
totals AS (
    SELECT cells.campaign_id, cells.campaign_name, cells.office_id, cells.area,
           count(s.score) AS scale_answers,
           count(s.score) FILTER (WHERE s.score >= 4) AS satisfied_answers,
           coalesce(sum(s.score), 0) AS score_sum,
           round(count(s.score) FILTER (WHERE s.score >= 4)::numeric / nullif(count(s.score), 0), 4) AS satisfaction_rate,
           round(avg(s.score), 2) AS mean_score
    FROM cells
    LEFT JOIN scores s ON s.campaign_id = cells.campaign_id AND s.office_id = cells.office_id AND s.area = cells.area
    GROUP BY cells.campaign_id, cells.campaign_name, cells.office_id, cells.area
)
SELECT t.campaign_id, t.campaign_name, t.office_id, o.code AS office_code, t.area, t.scale_answers, t.satisfied_answers, t.score_sum,
       t.satisfaction_rate, t.mean_score,
       CASE WHEN t.satisfaction_rate IS NOT NULL
            THEN rank() OVER (PARTITION BY t.campaign_id, t.area, t.satisfaction_rate IS NULL ORDER BY t.satisfaction_rate DESC) END AS rank
FROM totals t
JOIN liaison.office o ON o.id = t.office_id;
COMMENT ON VIEW bi.survey_satisfaction IS
    'Satisfaction rate 满意率 (SRV-4) per campaign, office and area, ranked across the campaign''s offices. Satisfaction rate = scale answers at or above "satisfied" (score 4 or 5) / all scale answers of the area; unanswered questions and text answers do not count.';
COMMENT ON COLUMN bi.survey_satisfaction.campaign_id IS 'The survey campaign (id).';
COMMENT ON COLUMN bi.survey_satisfaction.campaign_name IS 'The campaign''s name.';
COMMENT ON COLUMN bi.survey_satisfaction.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.survey_satisfaction.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.survey_satisfaction.area IS 'environment (cleaning, greening), engineering, security, customer_service, community_culture or other.';
COMMENT ON COLUMN bi.survey_satisfaction.scale_answers IS 'Scale answers given in the area (5 very satisfied … 1 very dissatisfied).';
COMMENT ON COLUMN bi.survey_satisfaction.satisfied_answers IS 'Of those, answers of 4 (satisfied) or 5 (very satisfied).';
COMMENT ON COLUMN bi.survey_satisfaction.score_sum IS 'The sum of those answers'' scores (to combine offices: sum(score_sum) / sum(scale_answers)).';
COMMENT ON COLUMN bi.survey_satisfaction.satisfaction_rate IS 'satisfied_answers / scale_answers, rounded to 4 decimals; NULL with no scale answers.';
COMMENT ON COLUMN bi.survey_satisfaction.mean_score IS 'The mean score of the scale answers, rounded to 2 decimals; NULL with none.';
COMMENT ON COLUMN bi.survey_satisfaction.rank IS 'Rank among the campaign''s offices in the area by satisfaction_rate, highest first; ties share a rank (1, 1, 3); NULL with no answers.';

