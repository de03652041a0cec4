-- 0037 after a satisfaction survey (SRV-3, seed 000 六: "在达到回收率要求和回收期限后的一周内开展统计、分析、回访等事后工作。
-- 集中反映的问题要认真做出公开答复，对提出意见和建议的客户应逐户回访，重要客户应登门拜访"): the campaign's analysis, written by
-- its due day (a week after closing, policy); public answers to the common issues as notices of kind survey_answer linked to
-- the campaign; and, made when the campaign closes, a follow-up visit for every unit that gave an opinion or a low score, in
-- person for key customers, each tracked to done by the same due day.

ALTER TABLE liaison.survey_campaign
    ADD COLUMN analysis text CONSTRAINT survey_campaign_analysis_not_blank CHECK (btrim(analysis) <> ''),
    ADD COLUMN common_issues text CONSTRAINT survey_campaign_common_issues_not_blank CHECK (btrim(common_issues) <> ''),
    ADD COLUMN analysis_by bigint CONSTRAINT survey_campaign_analyst_fkey REFERENCES liaison.staff_user (id),
    ADD COLUMN analysis_at timestamptz,
    ADD COLUMN analysis_overdue_notified_at timestamptz,
    ADD CONSTRAINT survey_campaign_analysis CHECK (
        (analysis IS NULL) = (analysis_at IS NULL) AND (analysis_at IS NULL) = (analysis_by IS NULL)
        AND (common_issues IS NULL OR analysis IS NOT NULL) AND (analysis IS NULL OR status = 'closed'));
COMMENT ON COLUMN liaison.survey_campaign.analysis IS 'The statistics and analysis 统计分析 written after collection closed (due on analysis_due_on).';
COMMENT ON COLUMN liaison.survey_campaign.common_issues IS 'The issues many customers raised, to be answered publicly (notices of kind survey_answer).';
-- The sweeper's query: analyses still unwritten by their day.
CREATE INDEX survey_campaign_analysis_due_idx ON liaison.survey_campaign (analysis_due_on)
    WHERE analysis IS NULL AND analysis_overdue_notified_at IS NULL AND analysis_due_on IS NOT NULL;

CREATE TABLE liaison.survey_follow_up (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id           bigint NOT NULL CONSTRAINT survey_follow_up_campaign_fkey REFERENCES liaison.survey_campaign (id),
    office_id             bigint NOT NULL CONSTRAINT survey_follow_up_office_fkey REFERENCES liaison.office (id),
    respondent_id         bigint NOT NULL CONSTRAINT survey_follow_up_respondent_fkey REFERENCES liaison.survey_respondent (id),
    mode                  text NOT NULL CONSTRAINT survey_follow_up_mode CHECK (mode IN ('visit', 'in_person')),
    opinion               boolean NOT NULL,
    low_score             boolean NOT NULL,
    key_customer          boolean NOT NULL,
    due_on                date NOT NULL,
    status                text NOT NULL DEFAULT 'open' CONSTRAINT survey_follow_up_status CHECK (status IN ('open', 'done')),
    note                  text CONSTRAINT survey_follow_up_note_not_blank CHECK (btrim(note) <> ''),
    done_by               bigint CONSTRAINT survey_follow_up_doer_fkey REFERENCES liaison.staff_user (id),
    done_at               timestamptz,
    overdue_notified_at   timestamptz,
    version               integer NOT NULL DEFAULT 1,
    CONSTRAINT survey_follow_up_respondent_key UNIQUE (respondent_id),
    CONSTRAINT survey_follow_up_why CHECK (opinion OR low_score OR key_customer),
    CONSTRAINT survey_follow_up_in_person CHECK ((mode = 'in_person') = key_customer),
    CONSTRAINT survey_follow_up_done CHECK (
        (status = 'done') = (done_at IS NOT NULL) AND (done_at IS NULL) = (done_by IS NULL) AND (done_at IS NULL) = (note IS NULL))
);
CREATE INDEX survey_follow_up_campaign_idx ON liaison.survey_follow_up (campaign_id, office_id, id);
CREATE INDEX survey_follow_up_due_idx ON liaison.survey_follow_up (due_on) WHERE status = 'open' AND overdue_notified_at IS NULL;
COMMENT ON TABLE liaison.survey_follow_up IS
    'A follow-up visit after a survey (SRV-3): for a unit that gave an opinion (a text answer) or a low score (dissatisfied or worse), in person for a key customer (ORG-3), tracked to done.';

ALTER TABLE liaison.survey_follow_up ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.survey_follow_up FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.survey_follow_up
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.customer_notice
    ADD COLUMN survey_campaign_id bigint CONSTRAINT customer_notice_survey_campaign_fkey REFERENCES liaison.survey_campaign (id),
    ADD CONSTRAINT customer_notice_survey_answer CHECK ((survey_campaign_id IS NOT NULL) = (kind = 'survey_answer'));
COMMENT ON COLUMN liaison.customer_notice.survey_campaign_id IS 'For a survey_answer notice: the campaign whose common issues it answers publicly (SRV-3).';

ALTER TABLE liaison.notification DROP CONSTRAINT notification_kind;
ALTER TABLE liaison.notification ADD CONSTRAINT notification_kind CHECK (kind IN (
    'clock_warning', 'clock_breached', 'leadership_complaint', 'escalation_received', 'escalation_answered', 'answer_overdue',
    'minutes_overdue', 'resolution_overdue', 'submission_overdue', 'publication_overdue', 'payment_due_soon', 'payment_overdue',
    'urgent_information', 'major_nonconformity', 'survey_analysis_overdue', 'survey_follow_up_overdue'));
