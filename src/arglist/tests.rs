use super::*;
use crate::edits::apply;
use crate::syntax::{parse, Expr, Stmt};

fn first_call(src: &str) -> (crate::syntax::Parsed, ArgList) {
    let parsed = parse(src).unwrap();
    let list = {
        let Stmt::Expr(e) = &parsed.module().body[0] else {
            panic!()
        };
        let Expr::Call(c) = &*e.value else { panic!() };
        ArgList::new(&c.arguments, parsed.tokens()).unwrap()
    };
    (parsed, list)
}

#[test]
fn keyword_takes_text_up_to_comma() {
    let src = "f(a , k = 1\n , b2=(x))";
    let (_p, list) = first_call(src);
    assert_eq!(list.slots.len(), 3);
    assert_eq!(&src[list.slots[0].start..list.slots[0].end], "a ");
    assert_eq!(&src[list.slots[1].start..list.slots[1].end], "k = 1\n ");
    assert_eq!(&src[list.slots[2].start..list.slots[2].end], "b2=(x)");
}

#[test]
fn lambdas_and_parenthesized_arguments() {
    let src = "f(lambda a, b: a,  ((x)) , *r, **kw,\n)";
    let (_p, list) = first_call(src);
    let texts: Vec<&str> = list.slots.iter().map(|s| &src[s.start..s.end]).collect();
    // The spaces after a closing parenthesis go with the separator.
    assert_eq!(texts, vec!["lambda a, b: a", "((x))", "*r", "**kw"]);
    assert_eq!(list.trailing_end, src.len() - 1);
}

#[test]
fn positional_to_keyword_reuses_separators() {
    let src = "f(x,\n  1)\n";
    let (_p, list) = first_call(src);
    let (args, _) = list.original_items();
    let new_args = vec![args[0].clone()];
    let kws = vec![Item::keyword_from(&list.slots[1], "axis")];
    let out = apply(src, vec![list.render(new_args, kws)]);
    assert_eq!(out, "f(x,\n  axis=1)\n");
}

#[test]
fn removing_keeps_indexed_separators_and_trailing_comma() {
    let src = "f(a,  b=1, c=2,)";
    let (_p, list) = first_call(src);
    let (args, kws) = list.original_items();
    let out = apply(src, vec![list.render(args, vec![kws[1].clone()])]);
    assert_eq!(out, "f(a,  c=2,)");
}

#[test]
fn adding_to_empty_call() {
    let src = "f( )";
    let (_p, list) = first_call(src);
    let item = Item {
        kind: Kind::Keyword,
        head: String::new(),
        body: vec![Segment::Text("k=1".into())],
        pos: None,
    };
    let out = apply(src, vec![list.render(vec![], vec![item])]);
    assert_eq!(out, "f( k=1)");
}

#[test]
fn python_sort_matches_cpython_on_partial_orders() {
    // Equal-comparing items keep their order; a stable sort by key.
    let mut v = vec![(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
    python_sort(&mut v, |a, b| a.0.cmp(&b.0));
    assert_eq!(v, vec![(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]);
}
