// Which countries or regions hold the largest shares of the global markets in the documents?
MATCH (p:Place)-[h:HAS_MARKET_SHARE]->(i:Industry)
RETURN i.name AS market, p.name AS place, h.year AS year, h.value_usd_bn AS usd_bn, h.share_pct AS share_pct
ORDER BY market, usd_bn DESC;
