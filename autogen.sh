#!/bin/sh
# Generates ./configure and the Makefile.in files (nothing generated is committed).
set -e
cd "$(dirname "$0")"
autoreconf --install --force
