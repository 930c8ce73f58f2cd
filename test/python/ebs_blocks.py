"""Lists blocks and changed blocks with boto3's own EBS client, for a chain of snapshots given as arguments.

Usage: ebs_blocks.py ENDPOINT SNAPSHOT_ID...  Prints {"blocks": [...], "changed": [...]} as JSON: for each snapshot,
its block count (ListSnapshotBlocks, paged), and for each snapshot after the first, how many blocks differ from the
one before it (ListChangedBlocks with FirstSnapshotId, paged).
"""
import json
import sys

import boto3


def count(call, key, **params):
    total, token = 0, None
    while True:
        page = call(**params, **({"NextToken": token} if token else {}))
        total += len(page[key])
        token = page.get("NextToken")
        if not token:
            return total


def main():
    endpoint, snapshots = sys.argv[1], sys.argv[2:]
    ebs = boto3.client(
        "ebs",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    blocks = [count(ebs.list_snapshot_blocks, "Blocks", SnapshotId=s) for s in snapshots]
    changed = [
        count(ebs.list_changed_blocks, "ChangedBlocks", FirstSnapshotId=first, SecondSnapshotId=second)
        for first, second in zip(snapshots, snapshots[1:])
    ]
    print(json.dumps({"blocks": blocks, "changed": changed}))


main()
