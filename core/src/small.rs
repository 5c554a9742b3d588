//! Small-collection helpers that keep the browser bundle small: the
//! standard sorts are large generic functions (a copy per element type and
//! key), and these collections are a handful of elements long.

/// Sorts `v` by `key`, stably: the order `slice::sort_by_key` gives. An
/// insertion sort — for the short lists of tokens, routes, files and
/// candidates it is given; each instance is a few hundred bytes of wasm
/// where a standard sort is several kilobytes.
pub fn sort_small_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `v` in ascending order, stably (see [`sort_small_by_key`]).
pub fn sort_small<T: Ord>(v: &mut [T]) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v[j - 1] > v[j] {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}
