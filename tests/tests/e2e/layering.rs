//! The source reads bottom-up: inside every folder of `matcher-core/src` and `matcher-grpc/src`, the files
//! (and sub-folders) that refer to each other through `super::…` or `crate::…` paths form no cycle. A cycle
//! means two files that each need the other, so neither can be read first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path from the crate root (`["service", "engine", "state"]`).
type ModPath = Vec<String>;

#[test]
fn no_folder_has_a_cycle_between_its_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf();
    let mut cycles = Vec::new();
    for krate in ["matcher-core/src", "matcher-grpc/src"] {
        let src = root.join(krate);
        let modules = modules(&src);
        // Edges between siblings: (folder, from, to).
        let mut edges: BTreeMap<ModPath, BTreeSet<(String, String)>> = BTreeMap::new();
        for (module, file) in &modules {
            let text = std::fs::read_to_string(file).expect("read source");
            // Unit tests sit at the bottom of a file and may use any fixture; only the code itself is layered.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for target in references(module, code) {
                let Some((folder, from, to)) = sibling_edge(module, &target, &modules) else { continue };
                edges.entry(folder).or_default().insert((from, to));
            }
        }
        for (folder, edges) in &edges {
            if let Some(cycle) = find_cycle(edges) {
                cycles.push(format!("{krate}/{}: {}", folder.join("/"), cycle.join(" → ")));
            }
        }
    }
    assert!(cycles.is_empty(), "cycles between files:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_finds_a_cycle_and_resolves_grouped_and_nested_paths() {
    let edges: BTreeSet<(String, String)> =
        [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")].iter().map(|(x, y)| (x.to_string(), y.to_string())).collect();
    assert!(find_cycle(&edges).is_some());
    let acyclic: BTreeSet<(String, String)> =
        [("a", "b"), ("b", "c"), ("a", "c")].iter().map(|(x, y)| (x.to_string(), y.to_string())).collect();
    assert!(find_cycle(&acyclic).is_none());
    let module: ModPath = vec!["service".into(), "engine".into(), "state".into()];
    let found = references(
        &module,
        "use super::super::{config::Limits, error::ServiceError};\nuse super::live::Live;\nuse crate::pb;\n",
    );
    let found: BTreeSet<String> = found.into_iter().map(|p| p.join("::")).collect();
    for expected in ["service::config", "service::error", "service::engine::live", "pb"] {
        assert!(found.contains(expected), "{expected} in {found:?}");
    }
}

/// Every module of a crate (by its path from the root) and its file.
fn modules(src: &Path) -> BTreeMap<ModPath, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![(src.to_path_buf(), Vec::<String>::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if path.is_dir() {
                let mut module = prefix.clone();
                module.push(name.clone());
                if path.join("mod.rs").exists() {
                    found.insert(module.clone(), path.join("mod.rs"));
                }
                stack.push((path, module));
            } else if let Some(stem) = name.strip_suffix(".rs") {
                if matches!(stem, "mod" | "lib" | "main") {
                    continue;
                }
                let mut module = prefix.clone();
                module.push(stem.to_string());
                found.insert(module, path);
            }
        }
    }
    found
}

/// The module paths a file names through `crate::` and `super::` paths, resolved from the crate root.
fn references(module: &ModPath, text: &str) -> Vec<ModPath> {
    // A file's `super` is its folder; a `mod.rs` is its folder's module, whose `super` is the folder's parent:
    // either way, the module path without its last segment.
    let parent_of_self: ModPath = module[..module.len().saturating_sub(1)].to_vec();
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let starts_word = i == 0 || !is_ident(bytes[i - 1]);
        if starts_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let (base, consumed) = if rest.starts_with("crate::") {
                (Vec::new(), "crate::".len())
            } else {
                let mut base = parent_of_self.clone();
                let mut consumed = "super::".len();
                while text[i + consumed..].starts_with("super::") {
                    base.pop();
                    consumed += "super::".len();
                }
                (base, consumed)
            };
            let end = path_end(text, i + consumed);
            collect_paths(&base, &text[i + consumed..end], &mut out);
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// Where a path (possibly with `{…}` groups) that starts at `start` ends.
fn path_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' if depth == 0 => return i,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b if depth == 0 && !(is_ident(b) || b == b':') => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

/// Expands `a::b::{c, d::E}` from `base` into the module paths it names (lower-case segments only).
fn collect_paths(base: &ModPath, path: &str, out: &mut Vec<ModPath>) {
    let mut current = base.clone();
    let mut rest = path;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.strip_suffix('}').unwrap_or(group);
            for item in split_top_level(inner) {
                collect_paths(&current, item.trim(), out);
            }
            return;
        }
        let (segment, tail) = match rest.find("::") {
            Some(at) => (&rest[..at], Some(&rest[at + 2..])),
            None => (rest, None),
        };
        let segment = segment.trim();
        if segment.is_empty() || segment == "*" || segment == "self" || !segment.starts_with(|c: char| c.is_lowercase())
        {
            break;
        }
        current.push(segment.to_string());
        match tail {
            Some(tail) => rest = tail,
            None => break,
        }
    }
    if current.len() > base.len() || base.is_empty() {
        out.push(current);
    }
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// For a reference from `from` to `target`: the folder they share and the two of its children they are in,
/// when those are two different modules of the crate.
fn sibling_edge(
    from: &ModPath,
    target: &ModPath,
    modules: &BTreeMap<ModPath, PathBuf>,
) -> Option<(ModPath, String, String)> {
    // The longest prefix of the target that is a module.
    let target: ModPath = (1..=target.len()).rev().map(|n| target[..n].to_vec()).find(|p| modules.contains_key(p))?;
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    if common >= from.len() || common >= target.len() {
        return None; // one contains the other (a folder's own files, or a file's parent)
    }
    Some((from[..common].to_vec(), from[common].clone(), target[common].clone()))
}

/// A cycle among the edges, if any, as the names along it.
fn find_cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    // 0 unseen, 1 on the path, 2 done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let nodes: Vec<&str> = next.keys().copied().collect();
    for start in nodes {
        let mut path: Vec<&str> = Vec::new();
        if let Some(cycle) = visit(start, &next, &mut state, &mut path) {
            return Some(cycle);
        }
    }
    None
}

fn visit<'a>(
    node: &'a str,
    next: &BTreeMap<&'a str, Vec<&'a str>>,
    state: &mut BTreeMap<&'a str, u8>,
    path: &mut Vec<&'a str>,
) -> Option<Vec<String>> {
    match state.get(node).copied().unwrap_or(0) {
        2 => return None,
        1 => {
            let at = path.iter().position(|n| *n == node).unwrap_or(0);
            let mut cycle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        _ => {}
    }
    state.insert(node, 1);
    path.push(node);
    for &to in next.get(node).map_or(&[][..], Vec::as_slice) {
        if let Some(cycle) = visit(to, next, state, path) {
            return Some(cycle);
        }
    }
    path.pop();
    state.insert(node, 2);
    None
}
