// CASE: generic, simple, and the extended simple forms (comparisons, lists of values).
UNWIND [-1, 0, 3, 7, null] AS x
RETURN x, CASE x WHEN < 0 THEN 'negative' WHEN 0 THEN 'zero' WHEN 1, 2, 3 THEN 'small' WHEN IS NULL THEN 'none' ELSE 'large' END AS c;
/* expect
x | c
-1 | 'negative'
0 | 'zero'
3 | 'small'
7 | 'large'
null | 'none'
*/
UNWIND ['apple', 'banana', 42] AS v
RETURN CASE v WHEN STARTS WITH 'a' THEN 'a-word' WHEN IS :: STRING THEN 'word' WHEN IN [1, 42] THEN 'known' END AS c;
/* expect
c
'a-word'
'word'
'known'
*/
UNWIND [1, 2] AS x RETURN CASE x WHEN 1 THEN 'one' ELSE 'other' END AS c, CASE WHEN x > 1 THEN 'big' END AS g;
/* expect
c | g
'one' | null
'other' | 'big'
*/
RETURN CASE WHEN > 1 THEN 'x' END AS bad;
/* expect error: SyntaxError.InvalidCaseExpression */
