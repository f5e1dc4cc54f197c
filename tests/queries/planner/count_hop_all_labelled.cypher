// Every node carries the end node's label, so the counting hop need not look at nodes;
// self-loops still must not be used twice, and a new unlabelled node turns the check on.
UNWIND range(0, 9) AS i CREATE (:P {i: i});
MATCH (a:P), (b:P) WHERE b.i = (a.i * 3) % 10 CREATE (a)-[:K]->(b);
MATCH (a:P), (b:P) WHERE b.i = (a.i + 1) % 10 CREATE (a)-[:K]->(b);
// i*3 % 10 = i only for 0 and 5: two self-loops
MATCH (x)-[:K]->(x) RETURN count(*) AS n;
/* expect
n
2
*/
// 20 relationships, two out of every node: 20 * 2, less the 2 self-loops used twice
MATCH (:P)-[:K]->(:P)-[:K]->(c:P) RETURN count(c) AS n;
/* expect
n
38
*/
MATCH (:P)<-[:K]-(:P)<-[:K]-(c:P) RETURN count(c) AS n;
/* expect
n
38
*/
// a second type at node 3: its list must be read, not just measured
MATCH (a:P {i: 3}), (b:P {i: 4}) CREATE (a)-[:L]->(b);
MATCH (:P)-[:K]->(:P)-[:K]->(c:P) RETURN count(c) AS n;
/* expect
n
38
*/
// 38 + L then one of node 4's two + one of the two K into node 3 then L
MATCH (:P)-[:K|L]->(:P)-[:K|L]->(c:P) RETURN count(c) AS n;
/* expect
n
42
*/
CREATE (:Other)<-[:K]-(:P {i: 10})<-[:K]-(:P {i: 11});
MATCH (:P)-[:K]->(:P)-[:K]->(c:P) RETURN count(c) AS n;
/* expect
n
38
*/
MATCH (:P)-[:K]->(:P)-[:K]->(c) RETURN count(c) AS n;
/* expect
n
39
*/
// a relationship deleted earlier in the statement: 11->10->Other is gone
MATCH (a:P {i: 11})-[r:K]->() DELETE r WITH count(*) AS gone MATCH (:P)-[:K]->(:P)-[:K]->(c) RETURN gone, count(c) AS n;
/* expect
gone | n
1 | 38
*/
