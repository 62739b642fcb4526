//! `metodika build`

use std::path::PathBuf;

use metodika_core::diagnostics::Severity;
use metodika_site::pipeline::{build, BuildOptions};

use super::{print_diagnostics, RootArg, EXIT_CONTENT, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Where to write the site (default: public/ in the site folder). A failed build leaves it as it was.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Leave out the search index (assets/search/); the search box then says search is
    /// unavailable.
    #[arg(long)]
    pub no_search: bool,
}

pub fn run(args: BuildArgs) -> i32 {
    let root = match args.root.existing() {
        Ok(root) => root,
        Err(code) => return code,
    };
    let mut options = BuildOptions::new(&root);
    options.output = args.output;
    options.include_drafts = args.drafts;
    options.defer_search = args.no_search;
    let output = options.output_dir();
    let report = build(&options);
    print_diagnostics(&report.diagnostics);
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report.diagnostics.len() - errors;
    if errors > 0 {
        eprintln!(
            "Build failed: {errors} error{}, {warnings} warning{}. {} was left as it was.",
            plural(errors),
            plural(warnings),
            output.display()
        );
        return EXIT_CONTENT;
    }
    eprintln!(
        "Built {} pages ({} files) into {} in {:.2} s{}",
        report.documents,
        report.files_written,
        output.display(),
        report.elapsed.as_secs_f64(),
        if warnings > 0 {
            format!(", {warnings} warning{}", plural(warnings))
        } else {
            String::new()
        }
    );
    EXIT_OK
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
