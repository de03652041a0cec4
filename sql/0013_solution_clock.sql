-- 0013 the solution clock (CMP-7): a complaint or suggestion gets a solution within a week
-- (seed 002). SLA policies may now give a rule for it.

ALTER TABLE liaison.sla_policy_rule DROP CONSTRAINT sla_policy_rule_clock;
ALTER TABLE liaison.sla_policy_rule ADD CONSTRAINT sla_policy_rule_clock CHECK (clock IN (
    'entry', 'dispatch', 'emergency_report', 'on_site', 'appointment_call', 'plan',
    'supervisor_escalation', 'answer', 'return_visit', 'special_return_visit', 'solution'));
