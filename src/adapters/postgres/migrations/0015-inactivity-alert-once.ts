/**
 * An inactivity alert is raised once per absence, also when several workers sweep at the same
 * time: a unique index on the absence (student, course, last activity) makes the sweep's insert
 * idempotent. Duplicates raised before it (two workers racing) are removed, the earliest kept.
 */
export const statements = [
  `delete from interventions i
    using interventions j
    where i.type = 'disengagement' and j.type = 'disengagement'
      and i.evidence->>'signal' = 'inactivity' and j.evidence->>'signal' = 'inactivity'
      and i.tenant_id = j.tenant_id and i.student_id = j.student_id and i.course_id = j.course_id
      and i.evidence->>'lastActivityAt' = j.evidence->>'lastActivityAt'
      and i.id > j.id`,
  `create unique index interventions_inactivity_once
     on interventions (tenant_id, student_id, course_id, (evidence->>'lastActivityAt'))
     where type = 'disengagement' and evidence->>'signal' = 'inactivity'`,
];
