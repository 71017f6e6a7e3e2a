#!/bin/sh
# Works for a few seconds, then fails: shows restarts with backoff.
echo "flaky: up (pid $$)"
sleep 3
echo "flaky: something broke" >&2
exit 1
