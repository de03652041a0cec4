-- 0017 office KPIs and rankings (issue 5, BI-1, BI-3, TKT-14): the 信息三率 and timeliness of every
-- office per day, ISO week, month, quarter and half-year, and each office's rank on each KPI.
--
-- How the numbers stay fresh and fast (docs/bi.md):
--   * every write to a ticket or one of its clocks appends (office, local day received) to
--     liaison.kpi_dirty in the writing transaction (statement triggers, so bulk loads add one row
--     per office and day, not per ticket);
--   * the background service calls liaison.refresh_office_kpi() every few seconds: it recomputes
--     the dirty days from the tickets, the weeks, months, quarters and half-years containing them
--     from the day rows, and the ranks of every period it touched;
--   * the bi views read those rollups, so a month's ranking is a few hundred indexed rows.
-- A ticket, and everything that happens to it later (its clocks, acceptance, return visit),
-- counts in the period in which it was received (received_at, in the company's time zone).

CREATE FUNCTION liaison.company_time_zone() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') $$;
COMMENT ON FUNCTION liaison.company_time_zone() IS 'The company''s time zone (BI-3): it decides which day, week, month a moment falls in.';

-- The KPIs of one office-day are found by received_at.
CREATE INDEX ticket_office_received_idx ON liaison.ticket (office_id, received_at);

-- Company targets (TKT-14, seed 001 关键控制点 and office goals): policy data HQ may edit.
CREATE TABLE liaison.kpi_target (
    metric           text PRIMARY KEY CONSTRAINT kpi_target_metric CHECK (metric IN (
                         'satisfaction_rate', 'timeliness_rate', 'repair_timeliness_rate', 'pass_rate',
                         'return_visit_rate', 'complaint_handling_rate', 'complaints_per_100_units', 'sla_breaches')),
    higher_is_better boolean NOT NULL,
    target           numeric(12, 4),
    strictly_above   boolean NOT NULL DEFAULT false,
    source           text NOT NULL DEFAULT ''
);
COMMENT ON TABLE liaison.kpi_target IS
    'The KPIs offices are ranked on, which way is better, and the company target (met when value >= target, or > target if strictly_above).';
INSERT INTO liaison.kpi_target (metric, higher_is_better, target, strictly_above, source) VALUES
    ('satisfaction_rate', true, 0.98, true, 'TKT-14: 业主满意率 >98%'),
    ('timeliness_rate', true, 1, false, 'TKT-14: 及时率 =100%'),
    ('repair_timeliness_rate', true, 1, false, 'TKT-14: 房屋零修、急修及时率 100%'),
    ('pass_rate', true, 1, false, 'TKT-14: 处理合格率 100%'),
    ('return_visit_rate', true, 1, false, 'TKT-14: 回访率 =100%'),
    ('complaint_handling_rate', true, 1, false, 'TKT-14: 投诉处理率 100%'),
    ('complaints_per_100_units', false, NULL, false, 'BI-1: complaints per 100 units (no target)'),
    ('sla_breaches', false, NULL, false, 'BI-1: SLA breaches (no target)');

-- The office-days whose KPIs changed since the last refresh. Append-only for writers (no unique
-- key, so a writer never waits on the refresher); the refresher deletes what it has read.
CREATE TABLE liaison.kpi_dirty (
    office_id bigint NOT NULL,
    id        bigint GENERATED ALWAYS AS IDENTITY,
    day       date NOT NULL,
    PRIMARY KEY (office_id, id)
);
COMMENT ON TABLE liaison.kpi_dirty IS 'Office-days (company time zone) whose tickets changed since the KPI rollups were last refreshed.';

CREATE FUNCTION liaison.kpi_mark_tickets() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO liaison.kpi_dirty (office_id, day)
        SELECT DISTINCT n.office_id, (n.received_at AT TIME ZONE liaison.company_time_zone())::date FROM changed n;
        RETURN NULL;
    END
    $$;
CREATE FUNCTION liaison.kpi_mark_clocks() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO liaison.kpi_dirty (office_id, day)
        SELECT DISTINCT t.office_id, (t.received_at AT TIME ZONE liaison.company_time_zone())::date
        FROM (SELECT DISTINCT office_id, ticket_id FROM changed) n
        JOIN liaison.ticket t ON t.office_id = n.office_id AND t.id = n.ticket_id;
        RETURN NULL;
    END
    $$;
-- A transition table belongs to one event, hence one trigger per event.
CREATE TRIGGER ticket_kpi_insert AFTER INSERT ON liaison.ticket
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION liaison.kpi_mark_tickets();
CREATE TRIGGER ticket_kpi_update AFTER UPDATE ON liaison.ticket
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION liaison.kpi_mark_tickets();
CREATE TRIGGER ticket_clock_kpi_insert AFTER INSERT ON liaison.ticket_clock
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION liaison.kpi_mark_clocks();
CREATE TRIGGER ticket_clock_kpi_update AFTER UPDATE ON liaison.ticket_clock
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION liaison.kpi_mark_clocks();

-- The rollups. Day rows are computed from the tickets; every longer period from its day rows,
-- so each count is defined once (in liaison.refresh_office_kpi, documented in docs/bi.md).
CREATE TABLE liaison.office_kpi (
    office_id               bigint NOT NULL CONSTRAINT office_kpi_office_fkey REFERENCES liaison.office (id),
    period                  text NOT NULL CONSTRAINT office_kpi_period CHECK (period IN ('day', 'week', 'month', 'quarter', 'half_year')),
    period_start            date NOT NULL,
    period_end              date NOT NULL,
    received                integer NOT NULL,
    received_complaint      integer NOT NULL,
    received_help           integer NOT NULL,
    received_inquiry        integer NOT NULL,
    received_engineering    integer NOT NULL,
    received_security       integer NOT NULL,
    received_fire           integer NOT NULL,
    received_cleaning       integer NOT NULL,
    received_suggestion     integer NOT NULL,
    received_praise         integer NOT NULL,
    cancelled               integer NOT NULL,
    timed                   integer NOT NULL,
    on_time                 integer NOT NULL,
    repairs_timed           integer NOT NULL,
    repairs_on_time         integer NOT NULL,
    acceptance_decided      integer NOT NULL,
    passed_first_time       integer NOT NULL,
    visit_due               integer NOT NULL,
    visited                 integer NOT NULL,
    satisfied               integer NOT NULL,
    complaints              integer NOT NULL,
    complaints_closed       integer NOT NULL,
    breaches                integer NOT NULL,
    reworks                 integer NOT NULL,
    reworked_tickets        integer NOT NULL,
    chases                  integer NOT NULL,
    units                   integer NOT NULL,
    refreshed_at            timestamptz NOT NULL,
    PRIMARY KEY (office_id, period, period_start)
);
CREATE INDEX office_kpi_period_idx ON liaison.office_kpi (period, period_start);
COMMENT ON TABLE liaison.office_kpi IS
    'Ticket KPI counts per office and period (rollup kept by liaison.refresh_office_kpi; read through bi.office_ticket_kpi).';

CREATE TABLE liaison.office_clock_kpi (
    office_id     bigint NOT NULL,
    period        text NOT NULL,
    period_start  date NOT NULL,
    clock         text NOT NULL,
    decided       integer NOT NULL,
    met           integer NOT NULL,
    breached      integer NOT NULL,
    stopped       integer NOT NULL,
    total_seconds bigint NOT NULL,
    p90_seconds   double precision,
    -- Day rows only: every stopped clock's measured seconds, so longer periods get an exact p90.
    seconds       integer[],
    PRIMARY KEY (office_id, period, period_start, clock),
    CONSTRAINT office_clock_kpi_kpi_fkey FOREIGN KEY (office_id, period, period_start)
        REFERENCES liaison.office_kpi (office_id, period, period_start) ON DELETE CASCADE
);
COMMENT ON TABLE liaison.office_clock_kpi IS
    'Per office, period and SLA clock: decided, met, breached, and the measured durations (rollup; read through bi.office_clock_kpi).';

CREATE TABLE liaison.office_kpi_rank (
    office_id    bigint NOT NULL,
    period       text NOT NULL,
    period_start date NOT NULL,
    metric       text NOT NULL CONSTRAINT office_kpi_rank_metric_fkey REFERENCES liaison.kpi_target (metric),
    value        numeric,
    rank         integer,
    ranked       integer NOT NULL,
    PRIMARY KEY (office_id, period, period_start, metric),
    CONSTRAINT office_kpi_rank_kpi_fkey FOREIGN KEY (office_id, period, period_start)
        REFERENCES liaison.office_kpi (office_id, period, period_start) ON DELETE CASCADE
);
CREATE INDEX office_kpi_rank_period_idx ON liaison.office_kpi_rank (period, period_start, metric, rank);
COMMENT ON TABLE liaison.office_kpi_rank IS
    'Each office''s rank on each KPI within a period, computed across all offices at refresh (so an office may read its own rank under row-level security).';

ALTER TABLE liaison.kpi_dirty ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.kpi_dirty FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.kpi_dirty
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.office_kpi ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.office_kpi FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.office_kpi
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.office_clock_kpi ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.office_clock_kpi FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.office_clock_kpi
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.office_kpi_rank ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.office_kpi_rank FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.office_kpi_rank
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

-- Periods (BI-3): a day, the ISO week (Monday-Sunday), month, quarter and half-year containing it.
CREATE FUNCTION bi.periods_of(day date) RETURNS TABLE (period text, period_start date, period_end date)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT p.period, p.start, (p.start + p.length)::date
        FROM (VALUES
            ('day', day, interval '1 day'),
            ('week', date_trunc('week', day::timestamp)::date, interval '7 days'),
            ('month', date_trunc('month', day::timestamp)::date, interval '1 month'),
            ('quarter', date_trunc('quarter', day::timestamp)::date, interval '3 months'),
            ('half_year', make_date(extract(year FROM day)::integer, CASE WHEN extract(month FROM day) <= 6 THEN 1 ELSE 7 END, 1),
                interval '6 months')
        ) AS p(period, start, length)
    $$;
COMMENT ON FUNCTION bi.periods_of(date) IS 'The five periods (day, week, month, quarter, half_year) containing a day: start and exclusive end.';

CREATE FUNCTION bi.period_label(period text, period_start date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE period
            WHEN 'day' THEN to_char(period_start, 'YYYY-MM-DD')
            WHEN 'week' THEN to_char(period_start, 'IYYY-"W"IW')
            WHEN 'month' THEN to_char(period_start, 'YYYY-MM')
            WHEN 'quarter' THEN to_char(period_start, 'YYYY-"Q"Q')
            WHEN 'half_year' THEN to_char(period_start, 'YYYY-"H"') || CASE WHEN extract(month FROM period_start) <= 6 THEN '1' ELSE '2' END
        END
    $$;
COMMENT ON FUNCTION bi.period_label(text, date) IS 'A period''s label: 2026-10-31, 2026-W44, 2026-10, 2026-Q4, 2026-H2.';

-- Every rate in bi: numerator / denominator as a fraction 0..1 rounded to 4 decimals; NULL when
-- nothing was there to count (a zero denominator is "no data", neither 0% nor 100%).
CREATE FUNCTION bi.rate(numerator bigint, denominator bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN denominator > 0 THEN round(numerator::numeric / denominator, 4) END $$;
COMMENT ON FUNCTION bi.rate(bigint, bigint) IS 'numerator / denominator rounded to 4 decimals; NULL when the denominator is 0.';

-- A return visit's satisfaction (1-5) counts as satisfied from this score up: the same bar a
-- return visit must clear to pass (TicketService.minimumPassingSatisfaction, tested to agree).
CREATE FUNCTION bi.is_satisfied(satisfaction integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT satisfaction >= 3 $$;
COMMENT ON FUNCTION bi.is_satisfied(integer) IS 'Whether a return visit''s satisfaction score (5 very satisfied … 1 very dissatisfied) counts as satisfied: 3 and up.';

-- One row per ticket received on the given office-days, with what the KPIs count of it.
CREATE FUNCTION liaison.kpi_ticket_facts(offices bigint[], days date[])
    RETURNS TABLE (office_id bigint, day date, ticket_id bigint, category text, state text, rework_count integer,
                   chase_count integer, decided_clocks integer, breached_clocks integer, first_decision text,
                   accepted boolean, visits integer, first_satisfaction integer)
    LANGUAGE sql STABLE
    AS $$
        SELECT t.office_id, d.day, t.id, t.category, t.state, t.rework_count, t.chase_count,
               clocks.decided, clocks.breached, decision.kind, decision.accepted, visit.visits, visit.satisfaction
        FROM unnest(offices, days) AS d(office_id, day)
        CROSS JOIN LATERAL (SELECT liaison.company_time_zone() AS zone) z
        -- One index range scan per office-day. OFFSET 0 keeps the planner from flattening this into a
        -- join, which it may run as a hash join comparing every ticket of an office with every day.
        CROSS JOIN LATERAL (
            SELECT * FROM liaison.ticket t
            WHERE t.office_id = d.office_id
              AND t.received_at >= d.day::timestamp AT TIME ZONE z.zone AND t.received_at < (d.day + 1)::timestamp AT TIME ZONE z.zone
            OFFSET 0
        ) t
        CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE c.outcome IS NOT NULL)::integer AS decided,
                   count(*) FILTER (WHERE c.outcome = 'breached')::integer AS breached
            FROM liaison.ticket_clock c WHERE c.office_id = t.office_id AND c.ticket_id = t.id
        ) clocks
        CROSS JOIN LATERAL (
            SELECT (array_agg(e.kind ORDER BY e.id) FILTER (WHERE e.kind IN ('accept', 'reject')))[1] AS kind,
                   coalesce(bool_or(e.kind = 'accept'), false) AS accepted
            FROM liaison.ticket_event e
            WHERE e.office_id = t.office_id AND e.ticket_id = t.id AND e.kind IN ('accept', 'reject')
        ) decision
        CROSS JOIN LATERAL (
            SELECT count(*)::integer AS visits,
                   (array_agg((e.payload ->> 'satisfaction')::integer ORDER BY e.id))[1] AS satisfaction
            FROM liaison.ticket_event e
            WHERE e.office_id = t.office_id AND e.ticket_id = t.id AND e.kind IN ('return_visit', 'return_visit_failed')
        ) visit
    $$;
COMMENT ON FUNCTION liaison.kpi_ticket_facts(bigint[], date[]) IS
    'Per ticket received on the given office-days (company time zone): its decided and breached clocks, first acceptance decision, return visits.';

-- Recompute the rollups of the office-days marked dirty (at most max_rows marks at a time) and
-- the ranks of every period they touch. Returns how many office-days it recomputed. One caller
-- at a time (a transaction-scoped advisory lock; a second caller returns 0 at once).
CREATE FUNCTION liaison.refresh_office_kpi(max_rows integer DEFAULT 100000) RETURNS integer
    LANGUAGE plpgsql
    AS $$
    DECLARE
        offices bigint[];
        days date[];
        periods_day text[];
        a_offices bigint[];
        a_periods text[];
        a_starts date[];
        a_ends date[];
        refreshed timestamptz := clock_timestamp();
    BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('liaison.refresh_office_kpi')) THEN
            RETURN 0;
        END IF;
        WITH popped AS (
            DELETE FROM liaison.kpi_dirty
            WHERE (office_id, id) IN (SELECT office_id, id FROM liaison.kpi_dirty LIMIT max_rows)
            RETURNING office_id, day
        )
        SELECT array_agg(p.office_id ORDER BY p.office_id, p.day), array_agg(p.day ORDER BY p.office_id, p.day)
        INTO offices, days
        FROM (SELECT DISTINCT office_id, day FROM popped) p;
        IF offices IS NULL THEN
            RETURN 0;
        END IF;
        periods_day := array_fill('day'::text, ARRAY[array_length(days, 1)]);

        -- 1. The dirty days, from the tickets (clock and rank rows follow by ON DELETE CASCADE).
        DELETE FROM liaison.office_kpi k USING unnest(offices, days) AS d(office_id, day)
        WHERE k.office_id = d.office_id AND k.period = 'day' AND k.period_start = d.day;
        INSERT INTO liaison.office_kpi
        SELECT f.office_id, 'day', f.day, f.day + 1,
               count(*),
               count(*) FILTER (WHERE f.category = 'complaint'),
               count(*) FILTER (WHERE f.category = 'help'),
               count(*) FILTER (WHERE f.category = 'inquiry'),
               count(*) FILTER (WHERE f.category = 'engineering'),
               count(*) FILTER (WHERE f.category = 'security'),
               count(*) FILTER (WHERE f.category = 'fire'),
               count(*) FILTER (WHERE f.category = 'cleaning'),
               count(*) FILTER (WHERE f.category = 'suggestion'),
               count(*) FILTER (WHERE f.category = 'praise'),
               count(*) FILTER (WHERE f.state = 'cancelled'),
               count(*) FILTER (WHERE f.decided_clocks > 0),
               count(*) FILTER (WHERE f.decided_clocks > 0 AND f.breached_clocks = 0),
               count(*) FILTER (WHERE f.category = 'engineering' AND f.decided_clocks > 0),
               count(*) FILTER (WHERE f.category = 'engineering' AND f.decided_clocks > 0 AND f.breached_clocks = 0),
               count(*) FILTER (WHERE f.first_decision IS NOT NULL),
               count(*) FILTER (WHERE f.first_decision = 'accept'),
               count(*) FILTER (WHERE f.accepted),
               count(*) FILTER (WHERE f.accepted AND f.visits > 0),
               count(*) FILTER (WHERE f.accepted AND f.visits > 0 AND bi.is_satisfied(f.first_satisfaction)),
               count(*) FILTER (WHERE f.category = 'complaint' AND f.state <> 'cancelled'),
               count(*) FILTER (WHERE f.category = 'complaint' AND f.state = 'closed'),
               sum(f.breached_clocks),
               sum(f.rework_count),
               count(*) FILTER (WHERE f.rework_count > 0),
               sum(f.chase_count),
               (SELECT count(*) FROM liaison.unit u WHERE u.office_id = f.office_id AND u.archived_at IS NULL),
               refreshed
        FROM liaison.kpi_ticket_facts(offices, days) f
        GROUP BY f.office_id, f.day;
        INSERT INTO liaison.office_clock_kpi
        SELECT f.office_id, 'day', f.day, c.kind,
               count(*) FILTER (WHERE c.outcome IS NOT NULL),
               count(*) FILTER (WHERE c.outcome = 'met'),
               count(*) FILTER (WHERE c.outcome = 'breached'),
               count(s.seconds),
               coalesce(sum(s.seconds), 0),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY s.seconds),
               coalesce(array_agg(s.seconds ORDER BY s.seconds) FILTER (WHERE s.seconds IS NOT NULL), '{}')
        FROM liaison.kpi_ticket_facts(offices, days) f
        JOIN liaison.ticket_clock c ON c.office_id = f.office_id AND c.ticket_id = f.ticket_id
        CROSS JOIN LATERAL (
            SELECT CASE WHEN c.stopped_at IS NOT NULL
                        THEN greatest(extract(epoch FROM c.stopped_at - c.started_at)::integer - c.paused_seconds, 0) END AS seconds
        ) s
        GROUP BY f.office_id, f.day, c.kind;

        -- 2. The weeks, months, quarters and half-years containing them, from their day rows.
        SELECT array_agg(p.office_id), array_agg(p.period), array_agg(p.period_start), array_agg(p.period_end)
        INTO a_offices, a_periods, a_starts, a_ends
        FROM (SELECT DISTINCT d.office_id, p.period, p.period_start, p.period_end
              FROM unnest(offices, days) AS d(office_id, day) CROSS JOIN LATERAL bi.periods_of(d.day) p
              WHERE p.period <> 'day') p;
        DELETE FROM liaison.office_kpi k USING unnest(a_offices, a_periods, a_starts) AS a(office_id, period, period_start)
        WHERE k.office_id = a.office_id AND k.period = a.period AND k.period_start = a.period_start;
        INSERT INTO liaison.office_kpi
        SELECT a.office_id, a.period, a.period_start, a.period_end,
               sum(d.received), sum(d.received_complaint), sum(d.received_help), sum(d.received_inquiry),
               sum(d.received_engineering), sum(d.received_security), sum(d.received_fire), sum(d.received_cleaning),
               sum(d.received_suggestion), sum(d.received_praise), sum(d.cancelled), sum(d.timed), sum(d.on_time),
               sum(d.repairs_timed), sum(d.repairs_on_time), sum(d.acceptance_decided), sum(d.passed_first_time),
               sum(d.visit_due), sum(d.visited), sum(d.satisfied), sum(d.complaints), sum(d.complaints_closed),
               sum(d.breaches), sum(d.reworks), sum(d.reworked_tickets), sum(d.chases), max(d.units), refreshed
        FROM unnest(a_offices, a_periods, a_starts, a_ends) AS a(office_id, period, period_start, period_end)
        JOIN liaison.office_kpi d ON d.office_id = a.office_id AND d.period = 'day'
            AND d.period_start >= a.period_start AND d.period_start < a.period_end
        GROUP BY a.office_id, a.period, a.period_start, a.period_end;
        INSERT INTO liaison.office_clock_kpi
        SELECT a.office_id, a.period, a.period_start, d.clock,
               sum(d.decided), sum(d.met), sum(d.breached), sum(d.stopped), sum(d.total_seconds),
               (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY s)
                FROM liaison.office_clock_kpi x, unnest(x.seconds) s
                WHERE x.office_id = a.office_id AND x.period = 'day' AND x.clock = d.clock
                  AND x.period_start >= a.period_start AND x.period_start < a.period_end),
               NULL
        FROM unnest(a_offices, a_periods, a_starts, a_ends) AS a(office_id, period, period_start, period_end)
        JOIN liaison.office_clock_kpi d ON d.office_id = a.office_id AND d.period = 'day'
            AND d.period_start >= a.period_start AND d.period_start < a.period_end
        GROUP BY a.office_id, a.period, a.period_start, a.period_end, d.clock;

        -- 3. The ranks of every touched period (days included), across all offices: RANK(), so
        --    ties share a rank and the next rank is skipped; an office without a value is not ranked.
        DELETE FROM liaison.office_kpi_rank r
        USING (SELECT DISTINCT period, period_start FROM unnest(a_periods || periods_day, a_starts || days) AS x(period, period_start)) a
        WHERE r.period = a.period AND r.period_start = a.period_start;
        INSERT INTO liaison.office_kpi_rank (office_id, period, period_start, metric, value, rank, ranked)
        SELECT k.office_id, k.period, k.period_start, m.metric, m.value,
               CASE WHEN m.value IS NOT NULL THEN
                   rank() OVER (PARTITION BY k.period, k.period_start, m.metric
                                ORDER BY CASE WHEN t.higher_is_better THEN -m.value ELSE m.value END NULLS LAST)
               END,
               count(m.value) OVER (PARTITION BY k.period, k.period_start, m.metric)
        FROM (SELECT DISTINCT period, period_start FROM unnest(a_periods || periods_day, a_starts || days) AS x(period, period_start)) a
        JOIN bi.office_ticket_kpi k ON k.period = a.period AND k.period_start = a.period_start
        CROSS JOIN LATERAL (VALUES
            ('satisfaction_rate', k.satisfaction_rate), ('timeliness_rate', k.timeliness_rate),
            ('repair_timeliness_rate', k.repair_timeliness_rate), ('pass_rate', k.pass_rate),
            ('return_visit_rate', k.return_visit_rate), ('complaint_handling_rate', k.complaint_handling_rate),
            ('complaints_per_100_units', k.complaints_per_100_units), ('sla_breaches', k.sla_breaches::numeric)
        ) AS m(metric, value)
        JOIN liaison.kpi_target t ON t.metric = m.metric;

        RETURN array_length(offices, 1);
    END
    $$;
COMMENT ON FUNCTION liaison.refresh_office_kpi(integer) IS
    'Recomputes the KPI rollups of the office-days marked in liaison.kpi_dirty and the ranks of the periods they touch; returns the office-days done.';

-- The bi contract. Every rate is bi.rate(numerator, denominator); docs/bi.md defines each exactly.
CREATE VIEW bi.office_clock_kpi AS
SELECT c.office_id, o.code AS office_code, c.period, c.period_start, bi.period_label(c.period, c.period_start) AS label,
       c.clock, c.decided, c.met, c.breached, bi.rate(c.met, c.decided) AS timeliness_rate, c.stopped,
       round(c.total_seconds::numeric / nullif(c.stopped, 0) / 60, 1) AS avg_minutes,
       round((c.p90_seconds / 60)::numeric, 1) AS p90_minutes
FROM liaison.office_clock_kpi c
JOIN liaison.office o ON o.id = c.office_id;
COMMENT ON VIEW bi.office_clock_kpi IS
    'Timeliness 及时率 per SLA clock (TKT-15), per office and period: the clocks of the tickets received in the period, all rounds.';
COMMENT ON COLUMN bi.office_clock_kpi.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.office_clock_kpi.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.office_clock_kpi.period IS 'day, week (ISO, Monday-Sunday), month, quarter or half_year, in the company time zone (BI-3).';
COMMENT ON COLUMN bi.office_clock_kpi.period_start IS 'First day of the period; filter on period and period_start (indexed).';
COMMENT ON COLUMN bi.office_clock_kpi.label IS 'The period''s label: 2026-10-31, 2026-W44, 2026-10, 2026-Q4, 2026-H2.';
COMMENT ON COLUMN bi.office_clock_kpi.clock IS 'The clock 时限: entry, dispatch, emergency_report, on_site, appointment_call, plan, supervisor_escalation, answer, return_visit, special_return_visit, solution.';
COMMENT ON COLUMN bi.office_clock_kpi.decided IS 'Clocks with a verdict: stopped (met or late) or still running past due (breached).';
COMMENT ON COLUMN bi.office_clock_kpi.met IS 'Clocks stopped by their due time 按时.';
COMMENT ON COLUMN bi.office_clock_kpi.breached IS 'Clocks breached 超时 (stopped late or still running past due).';
COMMENT ON COLUMN bi.office_clock_kpi.timeliness_rate IS 'Timeliness 及时率 = met / decided (0..1, 4 decimals); NULL when nothing was decided.';
COMMENT ON COLUMN bi.office_clock_kpi.stopped IS 'Clocks that stopped: the ones with a measured duration.';
COMMENT ON COLUMN bi.office_clock_kpi.avg_minutes IS 'Average measured minutes of the stopped clocks (stop - start - paused time); NULL when none stopped.';
COMMENT ON COLUMN bi.office_clock_kpi.p90_minutes IS '90th percentile of those minutes (continuous, interpolated: percentile_cont(0.9)); NULL when none stopped.';

DO $$
DECLARE
    clocks text[] := ARRAY['entry', 'dispatch', 'emergency_report', 'on_site', 'appointment_call', 'plan',
                           'supervisor_escalation', 'answer', 'return_visit', 'special_return_visit', 'solution'];
    pivot text;
    clock text;
BEGIN
    -- The per-clock columns are one pivot of bi.office_clock_kpi (so its formulas stay the only ones).
    SELECT string_agg(format(
               'max(c.timeliness_rate) FILTER (WHERE c.clock = %1$L) AS %1$s_timeliness_rate, '
               'coalesce(max(c.breached) FILTER (WHERE c.clock = %1$L), 0) AS %1$s_breaches, '
               'max(c.avg_minutes) FILTER (WHERE c.clock = %1$L) AS %1$s_avg_minutes, '
               'max(c.p90_minutes) FILTER (WHERE c.clock = %1$L) AS %1$s_p90_minutes', x.clock), ', ' ORDER BY x.n)
    INTO pivot FROM unnest(clocks) WITH ORDINALITY AS x(clock, n);
    EXECUTE format($view$
        CREATE VIEW bi.office_ticket_kpi AS
        SELECT k.office_id, o.code AS office_code, o.name AS office_name,
               k.period, k.period_start, k.period_end - 1 AS last_day, bi.period_label(k.period, k.period_start) AS label,
               k.received, k.received_complaint, k.received_help, k.received_inquiry, k.received_engineering,
               k.received_security, k.received_fire, k.received_cleaning, k.received_suggestion, k.received_praise, k.cancelled,
               bi.rate(k.satisfied, k.visited) AS satisfaction_rate,
               bi.rate(k.on_time, k.timed) AS timeliness_rate,
               bi.rate(k.repairs_on_time, k.repairs_timed) AS repair_timeliness_rate,
               bi.rate(k.passed_first_time, k.acceptance_decided) AS pass_rate,
               bi.rate(k.visited, k.visit_due) AS return_visit_rate,
               bi.rate(k.complaints_closed, k.complaints) AS complaint_handling_rate,
               k.complaints,
               CASE WHEN k.units > 0 THEN round(k.complaints * 100.0 / k.units, 2) END AS complaints_per_100_units,
               k.breaches AS sla_breaches, k.reworks, k.reworked_tickets, k.chases,
               k.satisfied, k.visited, k.visit_due, k.on_time, k.timed, k.repairs_on_time, k.repairs_timed,
               k.passed_first_time, k.acceptance_decided, k.complaints_closed, k.units, k.refreshed_at,
               clocks.*
        FROM liaison.office_kpi k
        JOIN liaison.office o ON o.id = k.office_id
        CROSS JOIN LATERAL (
            SELECT %s
            FROM bi.office_clock_kpi c
            WHERE c.office_id = k.office_id AND c.period = k.period AND c.period_start = k.period_start
        ) clocks
        $view$, pivot);
    FOREACH clock IN ARRAY clocks LOOP
        EXECUTE format('COMMENT ON COLUMN bi.office_ticket_kpi.%I IS %L', clock || '_timeliness_rate',
            format('Timeliness 及时率 of the %s clock: met / decided (bi.office_clock_kpi); NULL when none decided.', clock));
        EXECUTE format('COMMENT ON COLUMN bi.office_ticket_kpi.%I IS %L', clock || '_breaches',
            format('Breached %s clocks 超时 (stopped late or running past due).', clock));
        EXECUTE format('COMMENT ON COLUMN bi.office_ticket_kpi.%I IS %L', clock || '_avg_minutes',
            format('Average measured minutes of the stopped %s clocks; NULL when none stopped.', clock));
        EXECUTE format('COMMENT ON COLUMN bi.office_ticket_kpi.%I IS %L', clock || '_p90_minutes',
            format('90th percentile (percentile_cont) of the measured minutes of the stopped %s clocks; NULL when none stopped.', clock));
    END LOOP;
END
$$;
COMMENT ON VIEW bi.office_ticket_kpi IS
    'Ticket KPIs 信息三率统计 (TKT-14, BI-1) per office and period: a ticket and all that happens to it counts in the period it was received. Rates are fractions 0..1 (4 decimals), NULL when their denominator is 0. Refreshed by the server every few seconds (refreshed_at).';
COMMENT ON COLUMN bi.office_ticket_kpi.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.office_ticket_kpi.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.office_ticket_kpi.office_name IS 'The management office 管理处 (name).';
COMMENT ON COLUMN bi.office_ticket_kpi.period IS 'day, week (ISO, Monday-Sunday), month, quarter or half_year, in the company time zone (BI-3).';
COMMENT ON COLUMN bi.office_ticket_kpi.period_start IS 'First day of the period; filter on period and period_start (indexed).';
COMMENT ON COLUMN bi.office_ticket_kpi.last_day IS 'Last day of the period.';
COMMENT ON COLUMN bi.office_ticket_kpi.label IS 'The period''s label: 2026-10-31, 2026-W44, 2026-10, 2026-Q4, 2026-H2.';
COMMENT ON COLUMN bi.office_ticket_kpi.received IS 'Tickets received 受理 in the period (received_at), cancelled ones included.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_complaint IS 'Of those, complaints 投诉.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_help IS 'Of those, help requests 求助.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_inquiry IS 'Of those, inquiries 咨询.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_engineering IS 'Of those, engineering and repair requests 工程.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_security IS 'Of those, security matters 安全.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_fire IS 'Of those, fire matters 消防.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_cleaning IS 'Of those, cleaning matters 清洁.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_suggestion IS 'Of those, suggestions 建议.';
COMMENT ON COLUMN bi.office_ticket_kpi.received_praise IS 'Of those, praise 表扬.';
COMMENT ON COLUMN bi.office_ticket_kpi.cancelled IS 'Of those, cancelled.';
COMMENT ON COLUMN bi.office_ticket_kpi.satisfaction_rate IS 'Satisfaction rate 满意率 = satisfied / visited: tickets whose first return visit scored 3 or more of 5 (a later visit after rework does not erase it); target > 0.98.';
COMMENT ON COLUMN bi.office_ticket_kpi.timeliness_rate IS 'Timeliness rate 及时率 = on_time / timed: tickets with a decided clock and no breached clock; target 1.';
COMMENT ON COLUMN bi.office_ticket_kpi.repair_timeliness_rate IS 'Repair timeliness 零修急修及时率 = repairs_on_time / repairs_timed: timeliness of engineering tickets; target 1.';
COMMENT ON COLUMN bi.office_ticket_kpi.pass_rate IS 'Pass rate 合格率 = passed_first_time / acceptance_decided: the owner''s first acceptance decision was accept (TKT-11); target 1.';
COMMENT ON COLUMN bi.office_ticket_kpi.return_visit_rate IS 'Return-visit rate 回访率 = visited / visit_due: accepted tickets that had a return visit (TKT-12); target 1.';
COMMENT ON COLUMN bi.office_ticket_kpi.complaint_handling_rate IS 'Complaint handling rate 投诉处理率 = complaints_closed / complaints; target 1.';
COMMENT ON COLUMN bi.office_ticket_kpi.complaints IS 'Complaints 投诉 received in the period and not cancelled.';
COMMENT ON COLUMN bi.office_ticket_kpi.complaints_per_100_units IS 'complaints * 100 / units (2 decimals); NULL when the office has no units.';
COMMENT ON COLUMN bi.office_ticket_kpi.sla_breaches IS 'Breached clocks 超时 of the period''s tickets, all clocks and rounds (bi.sla_breaches lists them).';
COMMENT ON COLUMN bi.office_ticket_kpi.reworks IS 'Rework rounds 返工 (failed acceptances and failed return visits), summed over the tickets.';
COMMENT ON COLUMN bi.office_ticket_kpi.reworked_tickets IS 'Tickets with at least one rework round.';
COMMENT ON COLUMN bi.office_ticket_kpi.chases IS 'Owner chases 催单 recorded on the tickets (TKT-15).';
COMMENT ON COLUMN bi.office_ticket_kpi.satisfied IS 'Numerator of satisfaction_rate: visited tickets whose first return visit scored 3 or more.';
COMMENT ON COLUMN bi.office_ticket_kpi.visited IS 'Accepted tickets with at least one return visit 回访: numerator of return_visit_rate, denominator of satisfaction_rate.';
COMMENT ON COLUMN bi.office_ticket_kpi.visit_due IS 'Tickets the owner accepted 验收 (so due a return visit): denominator of return_visit_rate.';
COMMENT ON COLUMN bi.office_ticket_kpi.on_time IS 'Numerator of timeliness_rate: timed tickets without a breached clock.';
COMMENT ON COLUMN bi.office_ticket_kpi.timed IS 'Tickets with at least one decided clock (met, or breached): denominator of timeliness_rate.';
COMMENT ON COLUMN bi.office_ticket_kpi.repairs_on_time IS 'Numerator of repair_timeliness_rate.';
COMMENT ON COLUMN bi.office_ticket_kpi.repairs_timed IS 'Engineering tickets with a decided clock: denominator of repair_timeliness_rate.';
COMMENT ON COLUMN bi.office_ticket_kpi.passed_first_time IS 'Numerator of pass_rate: tickets whose first acceptance decision was accept.';
COMMENT ON COLUMN bi.office_ticket_kpi.acceptance_decided IS 'Tickets the owner accepted or rejected at least once: denominator of pass_rate.';
COMMENT ON COLUMN bi.office_ticket_kpi.complaints_closed IS 'Numerator of complaint_handling_rate: complaints now closed.';
COMMENT ON COLUMN bi.office_ticket_kpi.units IS 'Units 房号 of the office (not archived) when the period was last refreshed.';
COMMENT ON COLUMN bi.office_ticket_kpi.refreshed_at IS 'When these numbers were computed (the server refreshes changed periods every few seconds).';

CREATE VIEW bi.office_ranking AS
SELECT r.office_id, o.code AS office_code, o.name AS office_name, r.period, r.period_start, k.period_end - 1 AS last_day,
       bi.period_label(r.period, r.period_start) AS label, r.metric, r.value, r.rank, r.ranked AS ranked_offices,
       t.higher_is_better, t.target,
       CASE WHEN t.target IS NULL OR r.value IS NULL THEN NULL
            WHEN t.higher_is_better AND t.strictly_above THEN r.value > t.target
            WHEN t.higher_is_better THEN r.value >= t.target
            WHEN t.strictly_above THEN r.value < t.target
            ELSE r.value <= t.target
       END AS target_met
FROM liaison.office_kpi_rank r
JOIN liaison.office o ON o.id = r.office_id
JOIN liaison.office_kpi k ON k.office_id = r.office_id AND k.period = r.period AND k.period_start = r.period_start
JOIN liaison.kpi_target t ON t.metric = r.metric;
COMMENT ON VIEW bi.office_ranking IS
    'Each office''s rank on each KPI within a period (BI-1, TKT-14), with the company target. Ranks are RANK() over the offices with a value: ties share the same rank and the next rank is skipped (1, 1, 3); an office with no value (zero denominator) gets rank NULL and is not counted in ranked_offices. Only offices that received tickets in the period have rows.';
COMMENT ON COLUMN bi.office_ranking.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.office_ranking.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.office_ranking.office_name IS 'The management office 管理处 (name).';
COMMENT ON COLUMN bi.office_ranking.period IS 'day, week (ISO, Monday-Sunday), month, quarter or half_year, in the company time zone (BI-3).';
COMMENT ON COLUMN bi.office_ranking.period_start IS 'First day of the period; filter on period and period_start (indexed).';
COMMENT ON COLUMN bi.office_ranking.last_day IS 'Last day of the period.';
COMMENT ON COLUMN bi.office_ranking.label IS 'The period''s label: 2026-10-31, 2026-W44, 2026-10, 2026-Q4, 2026-H2.';
COMMENT ON COLUMN bi.office_ranking.metric IS 'The KPI: satisfaction_rate, timeliness_rate, repair_timeliness_rate, pass_rate, return_visit_rate, complaint_handling_rate, complaints_per_100_units, sla_breaches (bi.office_ticket_kpi columns).';
COMMENT ON COLUMN bi.office_ranking.value IS 'The office''s value of the KPI in the period (as in bi.office_ticket_kpi); NULL when it has no data.';
COMMENT ON COLUMN bi.office_ranking.rank IS 'RANK() among the offices with a value, 1 = best (highest rate; fewest complaints or breaches); ties share a rank and skip the next; NULL without a value.';
COMMENT ON COLUMN bi.office_ranking.ranked_offices IS 'How many offices were ranked on this KPI in this period.';
COMMENT ON COLUMN bi.office_ranking.higher_is_better IS 'Whether a higher value is better.';
COMMENT ON COLUMN bi.office_ranking.target IS 'The company target (TKT-14), NULL if the KPI has none.';
COMMENT ON COLUMN bi.office_ranking.target_met IS 'Whether the value meets the target (>= target, or > target where the seed says "more than", e.g. satisfaction > 98%); NULL without a target or a value.';

CREATE VIEW bi.return_visit_coverage AS
SELECT k.office_id, k.office_code, k.period, k.period_start, k.last_day, k.label,
       k.visit_due, k.visited, k.visit_due - k.visited AS not_visited, k.return_visit_rate,
       k.return_visit_timeliness_rate, k.return_visit_breaches AS visits_late,
       k.special_return_visit_timeliness_rate, k.special_return_visit_breaches AS special_visits_late,
       coalesce(hq.sampled, 0) AS hq_sampled, coalesce(hq.called, 0) AS hq_called, bi.rate(hq.called, hq.sampled) AS hq_called_rate
FROM bi.office_ticket_kpi k
LEFT JOIN LATERAL (
    SELECT count(*) AS sampled, count(i.visited_at) AS called
    FROM liaison.return_visit_sample s
    JOIN liaison.return_visit_sample_item i ON i.office_id = s.office_id AND i.sample_id = s.id
    WHERE s.office_id = k.office_id AND s.week_start >= k.period_start AND s.week_start <= k.last_day
) hq ON true;
COMMENT ON VIEW bi.return_visit_coverage IS
    'Return-visit coverage 回访 (TKT-12, SRV-1) per office and period: the office''s visits of accepted tickets, their clocks, and HQ''s sampled phone visits.';
COMMENT ON COLUMN bi.return_visit_coverage.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.return_visit_coverage.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.return_visit_coverage.period IS 'day, week (ISO, Monday-Sunday), month, quarter or half_year, in the company time zone (BI-3).';
COMMENT ON COLUMN bi.return_visit_coverage.period_start IS 'First day of the period; filter on period and period_start.';
COMMENT ON COLUMN bi.return_visit_coverage.last_day IS 'Last day of the period.';
COMMENT ON COLUMN bi.return_visit_coverage.label IS 'The period''s label: 2026-10-31, 2026-W44, 2026-10, 2026-Q4, 2026-H2.';
COMMENT ON COLUMN bi.return_visit_coverage.visit_due IS 'Tickets received in the period that the owner accepted, so due a return visit (TKT-12: 100%).';
COMMENT ON COLUMN bi.return_visit_coverage.visited IS 'Of those, visited at least once.';
COMMENT ON COLUMN bi.return_visit_coverage.not_visited IS 'Of those, not visited yet.';
COMMENT ON COLUMN bi.return_visit_coverage.return_visit_rate IS 'Return-visit rate 回访率 = visited / visit_due; NULL when none was due.';
COMMENT ON COLUMN bi.return_visit_coverage.return_visit_timeliness_rate IS 'Share of decided return_visit clocks that were met; NULL when none decided.';
COMMENT ON COLUMN bi.return_visit_coverage.visits_late IS 'Breached return_visit clocks.';
COMMENT ON COLUMN bi.return_visit_coverage.special_return_visit_timeliness_rate IS 'Share of decided special return visits (within 24 h of a rework complaint) that were met; NULL when none decided.';
COMMENT ON COLUMN bi.return_visit_coverage.special_visits_late IS 'Breached special_return_visit clocks.';
COMMENT ON COLUMN bi.return_visit_coverage.hq_sampled IS 'Tickets in HQ''s weekly return-visit samples (SRV-1) of the weeks starting in the period.';
COMMENT ON COLUMN bi.return_visit_coverage.hq_called IS 'Of those, called by HQ.';
COMMENT ON COLUMN bi.return_visit_coverage.hq_called_rate IS 'hq_called / hq_sampled; NULL when nothing was sampled.';
