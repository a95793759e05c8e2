//! [`Lines`]: the line number of each record of a file, stored as runs of consecutive lines.

/// Line numbers of a file's records, in record order.
///
/// A file's accepted rows usually sit on consecutive lines, so the numbers are kept as runs
/// (first record, its line): a clean file of millions of rows needs one run, where a plain
/// vector would need eight bytes a row.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Lines {
    /// (index of the run's first record, its line), by index.
    runs: Vec<(u64, u64)>,
    len: u64,
}

impl Lines {
    /// Lines 1..=n (records given in memory, numbered by position).
    pub fn counting(n: u64) -> Lines {
        let mut l = Lines::default();
        if n > 0 {
            l.runs.push((0, 1));
            l.len = n;
        }
        l
    }

    /// Appends the next record's line.
    #[inline]
    pub fn push(&mut self, line: u64) {
        match self.runs.last() {
            Some(&(i, l)) if l + (self.len - i) == line => {}
            _ => self.runs.push((self.len, line)),
        }
        self.len += 1;
    }

    /// Every line, in record order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.runs.iter().enumerate().flat_map(move |(k, &(i, l))| {
            let end = self.runs.get(k + 1).map_or(self.len, |r| r.0);
            (0..end - i).map(move |d| l + d)
        })
    }

    /// The line of record `index` (which must be below the number of records).
    pub fn get(&self, index: usize) -> u64 {
        let index = index as u64;
        let k = self.runs.partition_point(|r| r.0 <= index) - 1;
        let (i, l) = self.runs[k];
        l + (index - i)
    }

    /// Adds `n` to every line.
    pub fn shift(&mut self, n: u64) {
        self.runs.iter_mut().for_each(|r| r.1 += n);
    }

    /// Appends `other`'s lines after these.
    pub fn append(&mut self, other: &Lines) {
        for (k, &(i, l)) in other.runs.iter().enumerate() {
            let n = other.runs.get(k + 1).map_or(other.len, |r| r.0) - i;
            self.push(l); // a new run, or the continuation of the last one
            self.len += n - 1;
        }
    }

    /// Keeps the lines whose `keep` entry is true.
    pub fn retain(&mut self, keep: &[bool]) {
        let mut out = Lines::default();
        for (l, &k) in self.iter().zip(keep) {
            if k {
                out.push(l);
            }
        }
        *self = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_give_back_the_lines_pushed() {
        let given = [2, 3, 4, 7, 8, 10, 11, 12, 13, 20];
        let mut l = Lines::default();
        given.iter().for_each(|&x| l.push(x));
        assert_eq!(l.runs.len(), 4);
        assert_eq!(l.iter().collect::<Vec<_>>(), given);
        let by_index: Vec<u64> = (0..given.len()).map(|i| l.get(i)).collect();
        assert_eq!(by_index, given);

        l.retain(&[true, false, true, true, true, false, true, true, true, true]);
        assert_eq!(l.iter().collect::<Vec<_>>(), [2, 4, 7, 8, 11, 12, 13, 20]);
        l.shift(100);
        assert_eq!(l.iter().next(), Some(102));

        let mut a = Lines::counting(3);
        a.append(&Lines::counting(2));
        assert_eq!(a.iter().collect::<Vec<_>>(), [1, 2, 3, 1, 2]);
        a.append(&Lines::default());
        assert_eq!(a.iter().count(), 5);
        let mut b = Lines::default();
        [2, 3, 4].iter().for_each(|&x| b.push(x));
        let mut c = Lines::default();
        [5, 6, 9].iter().for_each(|&x| c.push(x));
        b.append(&c);
        assert_eq!(b.iter().collect::<Vec<_>>(), [2, 3, 4, 5, 6, 9]);
        assert_eq!(b.runs.len(), 2, "contiguous runs merge");
        assert_eq!(Lines::counting(0).iter().count(), 0);
    }
}
