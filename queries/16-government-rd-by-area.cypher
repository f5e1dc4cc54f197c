// How did the Korean government's 2016 biomedical R&D split across technology areas?
MATCH (:GovernmentAgency {name: 'Government of South Korea'})-[f:FUNDS]->(t)
WHERE f.share_pct IS NOT NULL AND t.id <> 'biotech-and-healthcare'
RETURN t.name AS area, f.share_pct AS share_pct, f.amount_krw_bn AS amount_krw_bn
ORDER BY share_pct DESC, area;
