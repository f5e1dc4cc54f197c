// Which company's product was approved by which regulator, for which market and in which year, and is the approval stated or inferred?
MATCH (c:Company)-[m:MANUFACTURES|DEVELOPS]->(p:Product)-[a:APPROVED_BY]->(r:Regulator)
OPTIONAL MATCH (p)-[:EXAMPLE_OF]->(kind:TechnologyArea)
OPTIONAL MATCH (p)-[:TREATS]->(d:Disease)
RETURN c.name AS company, type(m) AS relation, p.name AS product, kind.name AS kind, d.name AS treats,
       r.name AS regulator, a.jurisdiction AS jurisdiction, a.year AS year, a.evidence AS evidence
ORDER BY company, product, year;
