//! The `metodika` command: the command-line interface over the workspace's crates (see the
//! README's developer guide for the crate graph).

// Diagnostics are the cold path and are collected, not propagated in hot loops.
#![allow(clippy::result_large_err)]

mod cli;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    std::process::exit(cli::run(cli));
}
