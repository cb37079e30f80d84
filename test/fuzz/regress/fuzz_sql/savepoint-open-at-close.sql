-- close with a SAVEPOINT transaction still open leaked the savepoint stack
CREATE TABLE t(a);
SAVEPOINT sp1;
INSERT INTO t VALUES(1);
