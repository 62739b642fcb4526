//! Themes: Tera templates, static assets and UI strings (one translation file per language).
//!
//! A theme is found at `themes/<name>/` in the site; the default theme is also compiled into
//! the binary and used when the site has no copy. A site overrides single templates by putting
//! a file of the same name under its own `templates/`, and adds or replaces assets under `static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use metodika_core::config::SiteConfig;
use metodika_core::diagnostics::Diagnostic;
use metodika_core::yaml::yaml_error;
use metodika_markdown::MarkdownLabels;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The built-in default theme's files: (path inside the theme, bytes).
pub fn embedded_default_theme() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::DEFAULT_THEME.iter().copied()
}

/// A template's source and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Name used in `extends`/`include` (`page.html`, `partials/nav.html`).
    pub name: String,
    pub source: String,
    /// Where to point diagnostics.
    pub display: PathBuf,
}

/// A static asset, copied to `assets/` in the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path inside `assets/`.
    pub rel: String,
    pub bytes: std::sync::Arc<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: Vec<TemplateFile>,
    pub statics: Vec<StaticFile>,
    /// UI strings in the site's language.
    pub strings: BTreeMap<String, String>,
}

/// Keys the generator itself writes into pages; every translation file must have them.
pub(crate) const REQUIRED_STRINGS: &[&str] = &[
    "callout_note",
    "callout_tip",
    "callout_important",
    "callout_warning",
    "callout_caution",
    "heading_anchor",
    "task_done",
    "task_open",
];

/// Where a theme's files come from.
enum Source {
    Dir(PathBuf),
    Embedded,
}

impl Theme {
    pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Vec<Diagnostic>> {
        let source = theme_source(root, config)?;
        let mut problems = Vec::new();
        let files = read_theme_files(&source, root, &mut problems);
        let mut templates: BTreeMap<String, TemplateFile> = BTreeMap::new();
        let mut statics: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut strings_file: Option<(PathBuf, Vec<u8>)> = None;
        let mut kind_strings: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        let i18n_name = format!("i18n/{}.yaml", config.language.code());
        let kind_i18n_name = format!("{}.yaml", config.language.code());
        for (rel, display, bytes) in files {
            if let Some((_, file)) = rel.strip_prefix("kinds/").and_then(|r| r.split_once('/')) {
                // A content kind's own folder: its templates, assets and strings together.
                match kind_file(file) {
                    KindFile::Template(name) => {
                        add_template(&mut templates, &name, display, bytes, &mut problems)
                    }
                    KindFile::Asset(asset) => {
                        statics.insert(asset, bytes);
                    }
                    KindFile::Strings if file == kind_i18n_name => {
                        kind_strings.push((display, bytes))
                    }
                    KindFile::Strings | KindFile::Other => {}
                }
            } else if let Some(name) = rel.strip_prefix("templates/") {
                add_template(&mut templates, name, display, bytes, &mut problems);
            } else if let Some(asset) = rel.strip_prefix("static/") {
                statics.insert(asset.to_string(), bytes);
            } else if rel == i18n_name {
                strings_file = Some((display, bytes));
            }
        }
        add_site_overrides(root, &mut templates, &mut statics, &mut problems);
        let theme_display = match &source {
            Source::Dir(_) => PathBuf::from(format!("themes/{}/{i18n_name}", config.theme)),
            Source::Embedded => PathBuf::from(format!("<built-in default theme>/{i18n_name}")),
        };
        let strings = match strings_file {
            None => {
                problems.push(no_strings(&theme_display, config));
                BTreeMap::new()
            }
            Some((display, bytes)) => parse_strings(&display, &bytes, true, &mut problems),
        };
        let strings = merge_kind_strings(strings, kind_strings, &theme_display, &mut problems);
        if problems.is_empty() {
            Ok(Theme {
                templates: templates.into_values().collect(),
                statics: statics
                    .into_iter()
                    .map(|(rel, bytes)| StaticFile {
                        rel,
                        bytes: std::sync::Arc::new(bytes),
                    })
                    .collect(),
                strings,
            })
        } else {
            Err(problems)
        }
    }

    /// The labels the Markdown renderer needs, from the translation file.
    pub(crate) fn markdown_labels(&self) -> MarkdownLabels {
        let s = |k: &str| self.strings.get(k).cloned().unwrap_or_default();
        MarkdownLabels {
            note: s("callout_note"),
            tip: s("callout_tip"),
            important: s("callout_important"),
            warning: s("callout_warning"),
            caution: s("callout_caution"),
            heading_link: s("heading_anchor"),
            task_done: s("task_done"),
            task_open: s("task_open"),
            quotes: Default::default(),
            language: Default::default(),
            fences: Vec::new(),
        }
    }
}

/// Where the site's theme comes from: its folder, or the built-in default; an error at the
/// `theme:` key when neither.
fn theme_source(root: &Path, config: &SiteConfig) -> Result<Source, Vec<Diagnostic>> {
    let dir = root.join("themes").join(&config.theme);
    if dir.is_dir() {
        return Ok(Source::Dir(dir));
    }
    if config.theme == "default" {
        return Ok(Source::Embedded);
    }
    let config_text =
        std::fs::read_to_string(root.join(metodika_core::config::CONFIG_FILE)).unwrap_or_default();
    let (line, column) = metodika_core::config::key_position(&config_text, "theme");
    Err(vec![Diagnostic::error(
        "theme/missing",
        metodika_core::config::CONFIG_FILE,
        format!(
            "the theme `{}` was not found at themes/{}/",
            config.theme, config.theme
        ),
    )
    .at(&config_text, line, column)
    .with_hint(
        "use `theme: default` (built in) or create the theme folder",
    )])
}

fn no_strings(theme_display: &Path, config: &SiteConfig) -> Diagnostic {
    Diagnostic::error(
        "theme/no-strings",
        theme_display.to_path_buf(),
        format!(
            "the theme has no translation file for `{}`",
            config.language.code()
        ),
    )
    .with_hint("add the file, or set `language` in site.yaml to one the theme supports")
}

fn add_template(
    templates: &mut BTreeMap<String, TemplateFile>,
    name: &str,
    display: PathBuf,
    bytes: Vec<u8>,
    problems: &mut Vec<Diagnostic>,
) {
    match String::from_utf8(bytes) {
        Ok(source) => {
            templates.insert(
                name.to_string(),
                TemplateFile {
                    name: name.to_string(),
                    source,
                    display,
                },
            );
        }
        Err(_) => problems.push(
            Diagnostic::error("theme/encoding", display, "the template is not valid UTF-8")
                .with_hint("save the file with UTF-8 encoding"),
        ),
    }
}

fn read_theme_files(
    source: &Source,
    root: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf, Vec<u8>)> {
    match source {
        Source::Embedded => embedded::DEFAULT_THEME
            .iter()
            .map(|(rel, bytes)| {
                (
                    rel.to_string(),
                    PathBuf::from(format!("<built-in default theme>/{rel}")),
                    bytes.to_vec(),
                )
            })
            .collect(),
        Source::Dir(dir) => walk(dir)
            .into_iter()
            .filter_map(|(rel, path)| match std::fs::read(&path) {
                Ok(bytes) => Some((rel, display(root, &path), bytes)),
                Err(e) => {
                    problems.push(Diagnostic::error(
                        "theme/unreadable",
                        display(root, &path),
                        e.to_string(),
                    ));
                    None
                }
            })
            .collect(),
    }
}

/// Files under `dir` as (relative path with `/`, full path), sorted; empty when `dir` is absent.
fn walk(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Option<Vec<&str>> =
                rel.components().map(|c| c.as_os_str().to_str()).collect();
            Some((parts?.join("/"), e.path().to_path_buf()))
        })
        .collect()
}

/// A site's own `templates/` and `static/` files, which replace the theme's of the same name.
fn add_site_overrides(
    root: &Path,
    templates: &mut BTreeMap<String, TemplateFile>,
    statics: &mut BTreeMap<String, Vec<u8>>,
    problems: &mut Vec<Diagnostic>,
) {
    for (rel, path) in walk(&root.join("templates")) {
        match std::fs::read(&path) {
            Ok(bytes) => add_template(templates, &rel, display(root, &path), bytes, problems),
            Err(e) => problems.push(Diagnostic::error(
                "theme/unreadable",
                display(root, &path),
                e.to_string(),
            )),
        }
    }
    for (rel, path) in walk(&root.join("static")) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                statics.insert(rel, bytes);
            }
            Err(e) => problems.push(Diagnostic::error(
                "theme/unreadable",
                display(root, &path),
                e.to_string(),
            )),
        }
    }
}

/// Adds each content kind's own strings (`kinds/NAME/LANG.yaml`) to the theme's; a key that
/// is there already is an error naming both files.
fn merge_kind_strings(
    mut strings: BTreeMap<String, String>,
    kind_strings: Vec<(PathBuf, Vec<u8>)>,
    theme_display: &Path,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut from: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (display, bytes) in kind_strings {
        for (key, text) in parse_strings(&display, &bytes, false, problems) {
            if strings.contains_key(&key) {
                let first = from
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| theme_display.to_path_buf());
                problems.push(
                    Diagnostic::error(
                        "theme/duplicate-string",
                        &display,
                        format!("the translation `{key}` is also in {}", first.display()),
                    )
                    .with_hint("keep each string in one file: the kind's own or the theme's"),
                );
                continue;
            }
            from.insert(key.clone(), display.clone());
            strings.insert(key, text);
        }
    }
    strings
}

/// What a file in a theme's `kinds/NAME/` folder is.
enum KindFile {
    /// `NAME.html`, `NAME_macros.html`, a site page's template: `kinds/FILE` for
    /// `{% include %}`, `{% import %}` and a site's override in `templates/kinds/FILE`.
    Template(String),
    /// `*.css` and `*.js`: `css/kinds/FILE` and `js/kinds/FILE` under `assets/`.
    Asset(String),
    /// `lv.yaml`, `en.yaml`: the kind's interface strings, added to the theme's.
    Strings,
    Other,
}

fn kind_file(file: &str) -> KindFile {
    if file.contains('/') {
        KindFile::Other
    } else if file.ends_with(".html") {
        KindFile::Template(format!("kinds/{file}"))
    } else if file.ends_with(".css") {
        KindFile::Asset(format!("css/kinds/{file}"))
    } else if file.ends_with(".js") {
        KindFile::Asset(format!("js/kinds/{file}"))
    } else if file.ends_with(".yaml") {
        KindFile::Strings
    } else {
        KindFile::Other
    }
}

/// A translation file; `required`: the theme's own, which must hold the strings the
/// generator writes itself.
fn parse_strings(
    file: &Path,
    bytes: &[u8],
    required: bool,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let text = String::from_utf8_lossy(bytes);
    let strings: BTreeMap<String, String> = match serde_yaml::from_str(&text) {
        Ok(s) => s,
        Err(e) => {
            problems.push(
                yaml_error(file, &text, 1, &e)
                    .with_hint("a translation file is a flat map: `key: \"text\"`"),
            );
            return BTreeMap::new();
        }
    };
    for key in REQUIRED_STRINGS.iter().filter(|_| required) {
        if !strings.contains_key(*key) {
            problems.push(
                Diagnostic::error(
                    "theme/missing-string",
                    file,
                    format!("the translation `{key}` is missing"),
                )
                .with_hint(format!("add a line `{key}: \"...\"`")),
            );
        }
    }
    strings
}

fn display(root: &Path, path: &Path) -> PathBuf {
    metodika_core::diagnostics::display_path(root, path)
}

#[cfg(test)]
mod tests {
    /// What a kind declares for the whole site is there in the default theme: its site
    /// pages' templates and titles, its search labels and body strings in both languages,
    /// and no two site pages share a path.
    #[test]
    fn every_site_wide_declaration_of_a_kind_exists_in_the_default_theme() {
        let theme: std::collections::HashMap<&str, &[u8]> =
            super::embedded_default_theme().collect();
        // The theme's strings and every kind's own, as the theme loader merges them.
        let strings = |lang: &str| -> std::collections::BTreeMap<String, String> {
            let mut all: std::collections::BTreeMap<String, String> =
                serde_yaml::from_slice(theme[format!("i18n/{lang}.yaml").as_str()]).unwrap();
            for kind in metodika_kinds::KINDS {
                let own = format!("kinds/{}/{lang}.yaml", kind.info().name);
                if let Some(bytes) = theme.get(own.as_str()) {
                    let more: std::collections::BTreeMap<String, String> =
                        serde_yaml::from_slice(bytes).unwrap();
                    all.extend(more);
                }
            }
            all
        };
        let (lv, en) = (strings("lv"), strings("en"));
        let mut paths = std::collections::HashSet::new();
        for (info, page) in metodika_kinds::site_pages() {
            assert!(paths.insert(page.path()), "{} twice", page.path());
            let file = page.template().strip_prefix("kinds/").unwrap_or("");
            assert!(
                theme.contains_key(format!("kinds/{}/{file}", info.name).as_str()),
                "{}: no template {} in its theme folder",
                info.name,
                page.template()
            );
            for t in [&lv, &en] {
                assert!(t.contains_key(page.title_key()), "{}", page.title_key());
            }
        }
        assert_eq!(paths.len(), 2, "the catalogue and the progress page");
        for kind in metodika_kinds::KINDS {
            let info = kind.info();
            for (_, key) in info.search_labels.iter().chain(info.body_labels) {
                for t in [&lv, &en] {
                    assert!(t.contains_key(*key), "{}: {key}", info.name);
                }
            }
        }
    }
}
