// Who works with Korea University Medical Center: in which of its projects and in what role, or on which topic outside a project?
MATCH (:Hospital {name: 'Korea University Medical Center'})-[run:RUNS]->(p:Project)<-[pi:PARTICIPATES_IN]-(x)
RETURN p.name AS project, run.evidence AS kumc_runs_it, x.name AS partner, labels(x)[0] AS kind, pi.role AS role
ORDER BY project, partner;

MATCH (:Hospital {name: 'Korea University Medical Center'})-[r:PARTNERS_WITH]->(x)
RETURN x.name AS partner, labels(x)[0] AS kind, r.topic AS topic, r.evidence AS evidence
ORDER BY partner;
