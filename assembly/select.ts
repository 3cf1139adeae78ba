/**
 * Introselect (Musser, "Introspective sorting and selection algorithms", Software:
 * Practice and Experience 27 (1997)): Hoare's FIND (Hoare 1961; as in Wirth, "Algorithms
 * + Data Structures = Programs", §2.3.4) with median-of-three pivots, switching to
 * median-of-medians pivots (Blum, Floyd, Pratt, Rivest & Tarjan 1973) when the
 * median-of-three rounds run out, so the worst case stays linear.
 *
 * After select(a, L, R, k): a[L..k) ≤ a[k] ≤ a(k..R] and a[k] is the (k − L)-th smallest
 * of a[L..R] — which lets the caller select ascending ranks one after another on the
 * shrinking right part. Many equal values (errors rounded to 0.01 %) are fine: both scans
 * stop on values equal to the pivot and swap them, which splits runs of equal values evenly.
 */

@inline function at(a: usize, i: i32): f64 {
  return load<f64>(a + (<usize>i << 3));
}

@inline function put(a: usize, i: i32, x: f64): void {
  store<f64>(a + (<usize>i << 3), x);
}

@inline function swap(a: usize, i: i32, j: i32): void {
  const t = at(a, i);
  put(a, i, at(a, j));
  put(a, j, t);
}

@inline function median3(x: f64, y: f64, z: f64): f64 {
  return max(min(x, y), min(max(x, y), z));
}

function insertionSort(a: usize, L: i32, R: i32): void {
  for (let i = L + 1; i <= R; i++) {
    const x = at(a, i);
    let j = i - 1;
    while (j >= L && at(a, j) > x) {
      put(a, j + 1, at(a, j));
      j--;
    }
    put(a, j + 1, x);
  }
}

/** The median of the medians of groups of five of a[L..R] (it reorders a[L..R]). */
function medianOfMedians(a: usize, L: i32, R: i32): f64 {
  if (R - L < 5) {
    insertionSort(a, L, R);
    return at(a, L + ((R - L) >> 1));
  }
  let g = L;
  for (let i = L; i + 4 <= R; i += 5) {
    insertionSort(a, i, i + 4);
    swap(a, i + 2, g);
    g++;
  }
  const mid = L + ((g - 1 - L) >> 1);
  select(a, L, g - 1, mid);
  return at(a, mid);
}

export function select(a: usize, L: i32, R: i32, k: i32): void {
  // Median-of-three rounds allowed before the guaranteed pivot: 2·log₂(size) + 4.
  let rounds: i32 = 2 * (32 - clz<i32>(R - L + 1)) + 4;
  while (L < R) {
    let x: f64;
    if (rounds > 0) {
      rounds--;
      x = median3(at(a, L), at(a, L + ((R - L) >> 1)), at(a, R));
    } else {
      x = medianOfMedians(a, L, R);
    }
    let i = L;
    let j = R;
    do {
      while (at(a, i) < x) i++;
      while (x < at(a, j)) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) L = i;
    if (k < i) R = j;
  }
}
