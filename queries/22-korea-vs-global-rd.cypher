// How does the combined R&D of Korea's top 10 pharma companies compare with Roche alone? (KRW and USD as printed)
MATCH (c:Company)-[r:RANKED_IN]->(:Ranking {id: 'table-3-korea'})
WITH sum(r.rd_expenditure_krw_bn) AS korea_top10_krw_bn
MATCH (roche:Company {name: 'Roche'})-[g:RANKED_IN]->(:Ranking {id: 'table-3-global'})
RETURN korea_top10_krw_bn, g.rd_expenditure_usd_bn AS roche_usd_bn;
