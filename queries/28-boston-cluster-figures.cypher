// What figures describe the Greater Boston biotech cluster, with their sources? ("more than" figures are lower bounds)
MATCH (c:Cluster {name: 'Greater Boston biotech cluster'})
RETURN c.organization_count_2023 AS organizations_2023, c.investment_usd_bn_2023_min AS investment_usd_bn_more_than, c.employees_2023 AS employees, c.biotech_company_count AS biotech_companies, c.biotech_company_count_source AS companies_source;
