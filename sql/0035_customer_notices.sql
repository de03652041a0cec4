-- 0035 notices to customers 通知/通告 (INF-4, seed 002 4.1.1): when water or power is cut, pests are
-- treated, parking cards are issued, a typhoon comes or an event needs the owners, the office tells its
-- customers by notice, for one estate or the whole office, valid for a window. A notice is drafted,
-- published, and may be withdrawn; only published notices inside their window are current.
--
-- The public feed: an estate's current notices are readable without a login at a URL holding an
-- unguessable key (for a residents' website or group). Only the key's SHA-256 is stored; issuing a new
-- key replaces the old one. `notice_feed` is read to resolve a key before any actor scope exists, so it
-- is not row-secured (like staff_user_office); it holds nothing but a digest and the estate it opens.

CREATE TABLE liaison.customer_notice (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id       bigint NOT NULL CONSTRAINT customer_notice_office_fkey REFERENCES liaison.office (id),
    -- NULL: office-wide, shown in the feed of every estate of the office.
    estate_id       bigint,
    kind            text NOT NULL CONSTRAINT customer_notice_kind CHECK (kind IN (
                        'water_outage', 'power_outage', 'pest_control', 'parking_cards', 'typhoon_warning', 'event',
                        'survey_answer', 'other')),
    title           text NOT NULL CONSTRAINT customer_notice_title_not_blank CHECK (btrim(title) <> ''),
    body            text NOT NULL CONSTRAINT customer_notice_body_not_blank CHECK (btrim(body) <> ''),
    valid_from      timestamptz NOT NULL,
    valid_until     timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'draft' CONSTRAINT customer_notice_status CHECK (status IN ('draft', 'published', 'withdrawn')),
    created_by      bigint NOT NULL CONSTRAINT customer_notice_author_fkey REFERENCES liaison.staff_user (id),
    created_at      timestamptz NOT NULL,
    published_by    bigint CONSTRAINT customer_notice_publisher_fkey REFERENCES liaison.staff_user (id),
    published_at    timestamptz,
    withdrawn_by    bigint CONSTRAINT customer_notice_withdrawer_fkey REFERENCES liaison.staff_user (id),
    withdrawn_at    timestamptz,
    withdrawal_reason text,
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT customer_notice_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id),
    CONSTRAINT customer_notice_window CHECK (valid_until > valid_from),
    CONSTRAINT customer_notice_published CHECK ((status = 'draft') = (published_at IS NULL) AND (published_at IS NULL) = (published_by IS NULL)),
    CONSTRAINT customer_notice_withdrawn CHECK (
        (status = 'withdrawn') = (withdrawn_at IS NOT NULL) AND (withdrawn_at IS NULL) = (withdrawn_by IS NULL)
        AND (withdrawn_at IS NULL) = (withdrawal_reason IS NULL))
);
CREATE INDEX customer_notice_office_idx ON liaison.customer_notice (office_id, id);
-- The feed's query: an office's published notices by the end of their window.
CREATE INDEX customer_notice_current_idx ON liaison.customer_notice (office_id, valid_until) WHERE status = 'published';
COMMENT ON TABLE liaison.customer_notice IS
    'Notices to customers (INF-4): outages, pest control, parking cards, typhoon warnings, events, survey answers; per estate or office-wide (estate_id NULL), valid from valid_from until valid_until; draft → published → withdrawn.';

ALTER TABLE liaison.customer_notice ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.customer_notice FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.customer_notice
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

CREATE TABLE liaison.notice_feed (
    office_id   bigint NOT NULL,
    estate_id   bigint NOT NULL,
    key_digest  bytea NOT NULL CONSTRAINT notice_feed_key_digest_key UNIQUE CONSTRAINT notice_feed_key_digest_length CHECK (length(key_digest) = 32),
    issued_by   bigint NOT NULL CONSTRAINT notice_feed_issuer_fkey REFERENCES liaison.staff_user (id),
    issued_at   timestamptz NOT NULL,
    PRIMARY KEY (office_id, estate_id),
    CONSTRAINT notice_feed_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id)
);
COMMENT ON TABLE liaison.notice_feed IS
    'The public notice feed of an estate (INF-4): the SHA-256 of its unguessable key. Not row-secured: it is read to resolve a key before any actor scope exists.';
