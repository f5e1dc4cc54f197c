// Which products are approved by both the U.S. FDA and the European Medicines Agency, and when?
MATCH (p:Product)-[f:APPROVED_BY]->(:GovernmentAgency {name: 'U.S. Food and Drug Administration'}),
      (p)-[e:APPROVED_BY]->(:GovernmentAgency {name: 'European Medicines Agency'})
OPTIONAL MATCH (m:Company)-[:MANUFACTURES]->(p)
RETURN p.name AS product, m.name AS maker, f.year AS fda_year, e.year AS ema_year
ORDER BY product;
