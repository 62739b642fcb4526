//! `metodika check`: every validation of a build, nothing written.

use metodika_core::diagnostics::{Diagnostic, Severity};
use metodika_site::pipeline::{build, BuildOptions};

use super::{print_diagnostics, RootArg, EXIT_CONTENT, EXIT_OK};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable, with the offending line and a hint.
    Text,
    /// One JSON object per line and problem: file, line, column, severity, code, message, hint.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Check pages marked `draft: true` too.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: CheckArgs) -> i32 {
    let root = match args.root.existing() {
        Ok(root) => root,
        Err(code) => return code,
    };
    let mut options = BuildOptions::new(&root);
    options.write = false;
    options.lints = true;
    options.include_drafts = args.drafts;
    let report = build(&options);
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report.diagnostics.len() - errors;
    match args.format {
        Format::Text => {
            print_diagnostics(&report.diagnostics);
            eprintln!(
                "Checked {} pages: {errors} error{}, {warnings} warning{}.",
                report.documents,
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" }
            );
        }
        Format::Json => {
            for d in &report.diagnostics {
                println!("{}", json_line(d));
            }
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        EXIT_CONTENT
    } else {
        EXIT_OK
    }
}

/// One problem as a single-line JSON object (editors and CI read these).
pub fn json_line(d: &Diagnostic) -> String {
    let mut json = serde_json::json!({
        "file": d.file.to_string_lossy().replace('\\', "/"),
        "line": d.line,
        "column": d.column,
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "hint": d.hint,
    });
    if let Some((line, column)) = d.end {
        json["end"] = serde_json::json!([line, column]);
    }
    json.to_string()
}
