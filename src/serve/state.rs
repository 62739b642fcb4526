//! The site as `metodika serve` holds it: rendered files in memory, rebuilt incrementally.
//!
//! Nothing is written to disk, so the served files are exactly the ones in this map: a
//! request can never reach a file outside the built site.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::pipeline::{sitemap, ChangeScope, Engine, Plan};

/// One served file.
#[derive(Debug, Clone)]
pub enum Output {
    Bytes(Arc<Vec<u8>>),
    /// A content file (image, PDF), read when requested.
    File(PathBuf),
}

/// What the HTTP threads read.
#[derive(Debug, Default)]
pub struct Served {
    pub files: HashMap<String, Output>,
    /// Problems of the last build, shown in every open tab until fixed.
    pub errors: Vec<Diagnostic>,
    /// Goes up with every successful rebuild.
    pub version: u64,
}

/// The result of one (re)build.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// Whether open tabs show something else now (pages, files, or errors gone).
    pub changed: bool,
    pub rendered: usize,
    pub removed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub elapsed: Duration,
}

/// Render keys of the last successful build, to find what changed.
#[derive(Default)]
pub struct Incremental {
    keys: HashMap<String, u64>,
    asset_paths: Vec<String>,
    statics_done: bool,
    /// A settings or theme change whose rebuild failed: the next good one renders all.
    pending_everything: bool,
}

/// Builds what changed since the last successful build and publishes it to `served`.
/// On errors the previous pages stay served and the errors are published instead.
pub fn rebuild(
    engine: &Engine,
    scope: ChangeScope,
    memory: &mut Incremental,
    served: &std::sync::RwLock<Served>,
) -> Rebuild {
    let started = Instant::now();
    // Kept until a rebuild succeeds, so a failed one after a theme change is made up for.
    memory.pending_everything |= scope == ChangeScope::Everything;
    let (site, diagnostics) = engine.site();
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let warnings = diagnostics.len() - errors.len();
    // Publishes the errors instead of pages: the last good pages stay served.
    let failed = |errors: Vec<Diagnostic>| {
        let count = errors.len();
        served.write().unwrap_or_else(|e| e.into_inner()).errors = errors;
        Rebuild {
            changed: true,
            rendered: 0,
            removed: 0,
            errors: count,
            warnings,
            elapsed: started.elapsed(),
        }
    };
    let (Some(site), Some(setup), true) = (site, engine.setup(), errors.is_empty()) else {
        return failed(errors);
    };
    let plan = Plan::new(&site);
    let keys = plan.keys(&site);
    let everything = memory.pending_everything || !memory.statics_done;
    let todo: Vec<&(String, crate::pipeline::Job)> = plan
        .jobs
        .iter()
        .filter(|(path, _)| everything || memory.keys.get(path) != keys.get(path))
        .collect();
    let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = todo
        .par_iter()
        .map(|(path, job)| {
            plan.render(&site, setup, path, *job)
                .map(|html| (path.clone(), html.into_bytes()))
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    let mut template_errors = Vec::new();
    for r in rendered {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => template_errors.push(d),
        }
    }
    if !template_errors.is_empty() {
        crate::diagnostics::normalize(&mut template_errors);
        return failed(template_errors);
    }
    let removed: Vec<String> = memory
        .keys
        .keys()
        .filter(|k| !keys.contains_key(*k))
        .cloned()
        .collect();
    let asset_paths: Vec<String> = site.assets.iter().map(|a| a.rel.clone()).collect();
    let sitemap = site
        .config
        .base_url
        .as_ref()
        .map(|base| sitemap(&site, base));

    let mut out = served.write().unwrap_or_else(|e| e.into_inner());
    let count = pages.len();
    for path in &removed {
        out.files.remove(path);
    }
    for old in &memory.asset_paths {
        out.files.remove(old);
    }
    if everything {
        out.files.retain(|k, _| !k.starts_with("assets/"));
        for s in &setup.theme.statics {
            out.files.insert(
                format!("assets/{}", s.rel),
                Output::Bytes(Arc::new(s.bytes.clone())),
            );
        }
    }
    for a in &site.assets {
        out.files.insert(a.rel.clone(), Output::File(a.abs.clone()));
    }
    match sitemap {
        Some(xml) => {
            out.files.insert(
                "sitemap.xml".into(),
                Output::Bytes(Arc::new(xml.into_bytes())),
            );
        }
        None => {
            out.files.remove("sitemap.xml");
        }
    }
    for (path, bytes) in pages {
        out.files.insert(path, Output::Bytes(Arc::new(bytes)));
    }
    // An editor's probe file or a save without changes renders nothing: keep the tabs as they are.
    let changed = count > 0
        || !removed.is_empty()
        || !out.errors.is_empty()
        || everything
        || asset_paths != memory.asset_paths;
    out.errors.clear();
    if changed {
        out.version += 1;
    }
    drop(out);
    memory.keys = keys;
    memory.asset_paths = asset_paths;
    memory.statics_done = true;
    memory.pending_everything = false;
    Rebuild {
        changed,
        rendered: count,
        removed: removed.len(),
        errors: 0,
        warnings,
        elapsed: started.elapsed(),
    }
}
