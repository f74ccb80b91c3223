//! The end-to-end tests, in one binary: the `matcher` command line and `matcher serve` driven as users drive
//! them, through files, gRPC and HTTP on 127.0.0.1. One binary instead of one per file: linked once (30 links
//! took ~30 s of every build) and run with all its tests sharing the cores, so a slow file no longer holds the
//! others back.

mod case;
mod classify;
mod community;
mod eval;
mod eval_harness;
mod generate;
mod grpc_auth;
mod grpc_cases;
mod grpc_connections;
mod grpc_crash;
mod grpc_hardening;
mod grpc_limits;
mod grpc_matching;
mod grpc_outcomes;
mod grpc_people;
mod grpc_persistence;
mod grpc_postings;
mod grpc_programmes;
mod grpc_reports;
mod grpc_tls;
mod ingest;
mod layering;
mod national;
mod operations;
mod pair;
mod persistence;
mod privacy;
mod read_only;
mod real_formats;
mod recommend;
mod report;
mod search;
mod venture;
mod web;
mod western;
