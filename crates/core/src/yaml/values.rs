//! What a YAML tree means as data: plain scalars resolved by the YAML 1.2 core schema, as
//! serde_yaml resolves them (null, booleans, integers in decimal, hex, octal and binary,
//! floats), quoted and block scalars as text. With it, a text is parsed once: the same tree
//! gives every position and every value (a property test compares it with serde_yaml).

use serde_json::{Map, Number, Value as Json};

use super::{Node, Style, Value};

/// The tree as JSON data. A float JSON cannot hold (`.inf`, `.nan`) is null, as serde_json
/// makes it.
pub fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Scalar(s, Style::Plain) => plain_scalar(s),
        Value::Scalar(s, _) => Json::String(s.clone()),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                map.insert(key_string(key), to_json(value));
            }
            Json::Object(map)
        }
    }
}

/// A key as JSON keeps it: its text (`5`, `true`), or the JSON of a complex key.
fn key_string(key: &Node) -> String {
    match &key.value {
        Value::Scalar(s, _) => s.clone(),
        Value::Null => "null".to_string(),
        _ => to_json(key).to_string(),
    }
}

/// A plain scalar by the core schema.
pub fn plain_scalar(s: &str) -> Json {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Json::Null,
        "true" | "True" | "TRUE" => return Json::Bool(true),
        "false" | "False" | "FALSE" => return Json::Bool(false),
        _ => {}
    }
    if leading_zero_digits(s) {
        // YAML 1.2: digits with a leading zero are text, not an octal or decimal number.
        return Json::String(s.to_string());
    }
    if let Some(n) = integer(s) {
        return n;
    }
    if let Some(f) = float(s) {
        return Number::from_f64(f).map_or(Json::Null, Json::Number);
    }
    Json::String(s.to_string())
}

/// `12`, `-3`, `+7`, `0x1F`, `0o17`, `0b101`; not `012` (leading zeros make it text).
fn integer(s: &str) -> Option<Json> {
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, body) = if let Some(rest) = digits.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = digits.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = digits.strip_prefix("0b") {
        (2, rest)
    } else {
        (10, digits)
    };
    if body.is_empty() || body.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u64::from_str_radix(body, radix).ok()?;
    if negative {
        let value = 0i64.checked_sub_unsigned(magnitude)?;
        Some(Json::Number(value.into()))
    } else {
        Some(Json::Number(magnitude.into()))
    }
}

/// `012`, `-007`: text by YAML 1.2, though they look like numbers.
fn leading_zero_digits(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `1.5`, `-2e3`, `.inf`, `-.Inf`, `.nan`.
fn float(s: &str) -> Option<f64> {
    let unsigned = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => s,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        ".nan" | ".NaN" | ".NAN" if s == unsigned => return Some(f64::NAN),
        _ => {}
    }
    if let "-.inf" | "-.Inf" | "-.INF" = s {
        return Some(f64::NEG_INFINITY);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_resolve_by_the_core_schema() {
        assert_eq!(plain_scalar("~"), Json::Null);
        assert_eq!(plain_scalar("True"), Json::Bool(true));
        assert_eq!(plain_scalar("yes"), Json::String("yes".into()));
        assert_eq!(plain_scalar("0x1F"), Json::Number(31.into()));
        assert_eq!(plain_scalar("-0o17"), Json::Number((-15).into()));
        assert_eq!(plain_scalar("012"), Json::String("012".into()));
        assert_eq!(plain_scalar("1e3"), serde_json::json!(1000.0));
        assert_eq!(plain_scalar(".inf"), Json::Null);
        assert_eq!(
            plain_scalar("2026-12-03"),
            Json::String("2026-12-03".into())
        );
        assert_eq!(plain_scalar("2023."), serde_json::json!(2023.0));
    }
}
