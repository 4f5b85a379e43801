//! Units `tf-slim` and `compat-v1`: a reference that does not resolve moves
//! to where the target has it: `tf.contrib` to the tf-slim package (its
//! home in `rules/target/contrib_homes.toml`, else the same name under
//! `tf.contrib.slim` / `layers` / `framework`), else `tf.X` to
//! `tf.compat.v1.X`.

use super::super::contrib_homes::{self, Kind};
use super::super::slim;
use super::{Ctx, Site};

/// `tf.contrib…` → `tf_slim…`, where tf-slim has it.
pub(super) fn tf_slim(cx: &mut Ctx, s: &Site) -> bool {
    let tabulated = contrib_homes::home_of(s.full).and_then(|(home, e)| {
        let ok = e.kind == Kind::TfSlim
            && cx.resolves(&home)
            && contrib_homes::stands_in(
                s.full,
                &home,
                e,
                &super::contrib::call_keywords(s),
                &|p| super::contrib::is_class(cx.api, p),
            );
        ok.then_some(home)
    });
    let Some(new_full) = tabulated.or_else(|| slim::moved(s.full, &|p| cx.resolves(p))) else {
        return false;
    };
    let msg = cx.message(
        &super::TF_SLIM,
        "tf_slim_reference",
        &[("old", &s.shown()), ("new", &new_full)],
    );
    cx.replace_chain(s, new_full, &super::TF_SLIM, msg);
    true
}

/// `tf.X` → `tf.compat.v1.X`, where that exists. A chain rooted at a name
/// bound to a part of TensorFlow (`train.AdamOptimizer` after `from
/// tensorflow import train`, where the import itself stays) is spelled
/// from a name the file binds to a prefix of the new path, else `tf.…`
/// with `import tensorflow as tf` to come.
pub(super) fn compat_v1(cx: &mut Ctx, s: &Site) -> bool {
    let Some(rest) = s.full.strip_prefix("tensorflow") else {
        return false;
    };
    if s.full.starts_with("tensorflow.compat.")
        || !super::super::api::is_under(s.base, "tensorflow")
    {
        return false;
    }
    let twin = format!("tensorflow.compat.v1{rest}");
    if !cx.resolves(&twin) {
        return false;
    }
    let text = if s.base == "tensorflow" {
        format!("{}.compat.v1{rest}", s.alias)
    } else {
        match cx.spelled_or_imported(&twin) {
            Some(t) => t,
            None => return false,
        }
    };
    let msg = cx.message(
        &super::COMPAT_V1,
        "compat_v1",
        &[("old", &s.shown()), ("new", &text)],
    );
    cx.replace_chain(s, text, &super::COMPAT_V1, msg);
    true
}
