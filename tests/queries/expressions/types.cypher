// Type predicates: expr IS [NOT] :: TYPE.
UNWIND [1, 1.5, 'a', null, [1, 2], [1, 'a'], {a: 1}, date('2020-01-01')] AS v
RETURN v IS :: INTEGER AS i, v IS :: INTEGER NOT NULL AS inn, v IS NOT :: STRING AS ns, v :: LIST<INTEGER> AS li,
       v IS :: INTEGER | FLOAT AS num, v IS :: PROPERTY VALUE AS pv, v IS :: DATE AS d, v IS :: ANY<STRING | MAP> AS sm;
/* expect
i | inn | ns | li | num | pv | d | sm
true | true | true | false | true | true | false | false
false | false | true | false | true | true | false | false
false | false | false | false | false | true | false | true
true | false | false | true | true | true | true | true
false | false | true | true | false | true | false | false
false | false | true | false | false | false | false | false
false | false | true | false | false | false | false | true
false | false | true | false | false | true | true | false
*/
CREATE (n:T)-[r:R]->(m:T) WITH n, r, [n, m] AS ns
RETURN n IS :: NODE AS node, r IS :: RELATIONSHIP NOT NULL AS rel, ns IS :: LIST<NODE NOT NULL> AS nodes,
       n IS :: MAP AS map, 1 IS :: INT AS int, 1.0 IS :: FLOAT64 AS float, true IS :: BOOL AS bool;
/* expect
node | rel | nodes | map | int | float | bool
true | true | true | false | true | true | true
*/
MATCH p = (:T)-->(:T) RETURN p IS :: PATH AS path, [x IN [1, 'a', 2.0] WHERE x IS :: INTEGER | x] AS ints;
/* expect
path | ints
true | [1]
*/
RETURN datetime('2020-01-01T00:00Z') IS :: ZONED DATETIME AS zdt, localtime('12:00') IS :: LOCAL TIME AS lt, duration('P1D') IS :: DURATION AS dur;
/* expect
zdt | lt | dur
true | true | true
*/
