#!/bin/sh
# The suite's runner starts this for each test suite ($1) and stops it (SIGTERM) after.
exec node -r @swc-node/register src/suite-gateway.ts "$1"
