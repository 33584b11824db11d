"""Run citecheck as a Spark map step (RDD.pipe) in local mode.

Usage: python3 pipe.py CITECHECK_BINARY < records.jsonl > results.jsonl
The records go through 3 partitions; the results come back in input order.
"""
import shlex
import sys

from pyspark import SparkConf, SparkContext

binary = sys.argv[1]
records = [line.rstrip("\n") for line in sys.stdin if line.strip()]
conf = (
    SparkConf()
    .setMaster("local[2]")
    .setAppName("citecheck-pipe")
    .set("spark.ui.enabled", "false")
    .set("spark.driver.host", "127.0.0.1")
    .set("spark.driver.bindAddress", "127.0.0.1")
)
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")
try:
    command = " ".join(
        shlex.quote(a) for a in [binary, "--stdin-jsonl", "--offline", "--fail-on", "never"]
    )
    results = sc.parallelize(records, 3).pipe(command, checkCode=True).collect()
finally:
    sc.stop()
for line in results:
    print(line)
