-- 0022 scheduled communication with the owners' committee (EXT-5, seed 000/002): the office
-- manager contacts each committee monthly, quarterly or semiannually as its policy says; the
-- communication record (party owners_committee, 0018) shows whether each period had a contact.

ALTER TABLE liaison.owners_committee ADD COLUMN contact_cadence text NOT NULL DEFAULT 'month'
    CONSTRAINT owners_committee_contact_cadence CHECK (contact_cadence IN ('month', 'quarter', 'half_year'));
COMMENT ON COLUMN liaison.owners_committee.contact_cadence IS
    'How often the office manager communicates with the committee (EXT-5): month (the default), quarter or half_year.';

-- An index for the committee's communications by estate and time exists (communication_record_estate_idx).
CREATE VIEW bi.committee_contact AS
SELECT c.office_id, o.code AS office_code, c.estate_id, e.code AS estate_code, c.contact_cadence AS cadence,
       p.period_start, p.period_end - 1 AS last_day, bi.period_label(c.contact_cadence, p.period_start) AS label,
       count(r.id) AS communications, count(r.id) > 0 AS contacted, p.period_end <= z.today AS closed
FROM liaison.owners_committee c
JOIN liaison.office o ON o.id = c.office_id
JOIN liaison.estate e ON e.office_id = c.office_id AND e.id = c.estate_id
CROSS JOIN LATERAL (
    SELECT zone, (now() AT TIME ZONE zone)::date AS today FROM (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS zone) t
) z
-- Every period of the cadence from the committee's formation (or this year) to today.
CROSS JOIN LATERAL (
    SELECT s.day::date AS period_start,
           (s.day + CASE c.contact_cadence WHEN 'month' THEN interval '1 month' WHEN 'quarter' THEN interval '3 months' ELSE interval '6 months' END)::date
               AS period_end
    FROM generate_series(
        (SELECT q.period_start FROM bi.periods_of(coalesce(c.formed_on, date_trunc('year', z.today)::date)) q WHERE q.period = c.contact_cadence)::timestamp,
        z.today::timestamp,
        CASE c.contact_cadence WHEN 'month' THEN interval '1 month' WHEN 'quarter' THEN interval '3 months' ELSE interval '6 months' END
    ) AS s(day)
) p
LEFT JOIN liaison.communication_record r
    ON r.office_id = c.office_id AND r.estate_id = c.estate_id AND r.party = 'owners_committee'
   AND (r.occurred_at AT TIME ZONE z.zone)::date >= p.period_start AND (r.occurred_at AT TIME ZONE z.zone)::date < p.period_end
GROUP BY c.office_id, o.code, c.estate_id, e.code, c.contact_cadence, p.period_start, p.period_end, z.today;
COMMENT ON VIEW bi.committee_contact IS
    'Scheduled communication with owners'' committees (EXT-5): one row per committee and period of its cadence since it was formed (or since January), with the communications recorded.';
COMMENT ON COLUMN bi.committee_contact.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.committee_contact.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.committee_contact.estate_id IS 'The estate whose committee it is (id).';
COMMENT ON COLUMN bi.committee_contact.estate_code IS 'The estate (code).';
COMMENT ON COLUMN bi.committee_contact.cadence IS 'month, quarter or half_year: how often the committee is to be contacted.';
COMMENT ON COLUMN bi.committee_contact.period_start IS 'First day of the period (company time zone).';
COMMENT ON COLUMN bi.committee_contact.last_day IS 'Last day of the period.';
COMMENT ON COLUMN bi.committee_contact.label IS 'The period''s label: 2026-10, 2026-Q4, 2026-H2.';
COMMENT ON COLUMN bi.committee_contact.communications IS 'Communications with the committee recorded in the period (/v1/communications, party owners_committee).';
COMMENT ON COLUMN bi.committee_contact.contacted IS 'At least one communication in the period.';
COMMENT ON COLUMN bi.committee_contact.closed IS 'The period is over: a closed period without a contact is a missed one.';
