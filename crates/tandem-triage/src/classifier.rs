//! The intent classifier: multinomial logistic regression over the sparse
//! features of [`crate::features`], with a temperature fitted on held-out
//! data so that its confidence means what it says.
//!
//! Models are trained ahead of time by the CLI (`tandem-triage compile`) or
//! by the server from a knowledge base, and shipped to the widget as a
//! compact binary (see [`Classifier::to_bytes`]): weights below a pruning
//! threshold are dropped and the rest quantised to 8 bits, and the model
//! behaves the same before and after a round trip because quantisation
//! happens at the end of training, not at serialisation.
//!
//! Training is deterministic for a given seed: the shuffles use a small
//! xorshift generator, never the clock.

use std::collections::HashMap;

use crate::features::{self, Count, Group};
use crate::key_index::KeyIndex;

/// Knobs for [`Classifier::train`]. The defaults were tuned on a held-out
/// split of BANKING77 (see BENCHMARKS.md).
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: u32,
    /// AdaGrad base learning rate.
    pub learning_rate: f32,
    /// L2 penalty applied to the weights an example touches.
    pub l2: f32,
    /// Features seen in fewer examples are dropped (when there are at least
    /// [`TrainConfig::min_df_above`] examples; tiny knowledge bases keep all).
    pub min_df: u32,
    /// See `min_df`.
    pub min_df_above: usize,
    /// The model keeps at most this many weights (the largest, after
    /// centring); training then continues on those alone.
    pub max_weights: usize,
    /// Seed of the shuffles.
    pub seed: u64,
    /// Fit the softmax temperature on a held-out tenth first.
    pub calibrate: bool,
    /// Learn from word features only (unigrams and bigrams), for a model
    /// read with [`Classifier::probabilities_of_words`].
    pub words_only: bool,
    /// [`crate::engine::Engine::train`] also trains the sensitive-topic
    /// model on the built-in phrasings (see the engine's docs).
    pub learn_sensitive: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            epochs: 12,
            learning_rate: 0.2,
            l2: 1e-6,
            min_df: 2,
            min_df_above: 2000,
            max_weights: 100_000,
            seed: 0x7a4d_e0b1,
            calibrate: true,
            words_only: false,
            learn_sensitive: true,
        }
    }
}

/// A trained classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    labels: Vec<String>,
    keys: Vec<u32>,
    /// Finds a key's position in `keys` (rebuilt on load, not stored).
    index: KeyIndex,
    idf: Vec<f32>,
    /// The largest of `idf` (at least 1): the weight of a word the model
    /// has never seen. Derived on load; scanning `idf` per query was a
    /// third of the classifier's time.
    max_idf: f32,
    /// `rows[i]..rows[i + 1]` indexes `classes` and `weights` for `keys[i]`.
    rows: Vec<u32>,
    classes: Vec<u16>,
    weights: Vec<f32>,
    /// The rows of the most frequent features again, one weight per label
    /// (see [`DenseRows`]). Derived on load, never stored.
    dense: DenseRows,
    bias: Vec<f32>,
    temperature: f32,
    scale: f32,
}

/// Rows with many labels, stored densely. A question's common character
/// n-grams ("th", "my ") touch most labels; adding such a row label by
/// label in order vectorises, where the sparse form is one dependent
/// scatter per weight (the classifier's largest cost before). A row is
/// dense when it has weights for at least an eighth of the labels (for
/// BANKING77, rows of 10 weights or more: about 3,000 rows, 0.9 MB).
#[derive(Debug, Clone, PartialEq)]
struct DenseRows {
    /// Per feature row, its index among the dense rows, or `u32::MAX`.
    slot: Vec<u32>,
    /// `labels` weights per dense row.
    weights: Vec<f32>,
}

impl DenseRows {
    fn new(rows: &[u32], classes: &[u16], weights: &[f32], labels: usize) -> Self {
        let mut slot = Vec::with_capacity(rows.len().saturating_sub(1));
        let mut dense = Vec::new();
        for row in rows.windows(2) {
            let (from, to) = (row[0] as usize, row[1] as usize);
            if (to - from) * 8 >= labels && to > from {
                slot.push((dense.len() / labels) as u32);
                let start = dense.len();
                dense.resize(start + labels, 0.0);
                for (c, w) in classes[from..to].iter().zip(&weights[from..to]) {
                    dense[start + *c as usize] = *w;
                }
            } else {
                slot.push(u32::MAX);
            }
        }
        Self {
            slot,
            weights: dense,
        }
    }
}

/// How many of the most likely labels [`Scores::ranked`] holds: the top
/// intent and the alternatives a clarifying question offers. Ranking only
/// these (a selection, then a sort of three) instead of sorting all 77
/// labels of BANKING77, which showed in profiles of the pipeline.
pub const RANKED: usize = 3;

/// Probabilities for one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// The [`RANKED`] most likely labels as `(label index, probability)`,
    /// most likely first, ties to the lower index.
    pub ranked: Vec<(usize, f32)>,
    /// Every label's probability, by label index; sums to 1.
    pub probabilities: Vec<f32>,
    /// Share of the text's content words the model has seen in training
    /// (0 to 1), each weighted by its IDF (unseen words by the largest IDF);
    /// 0 when there are no content words.
    pub known_words: f32,
    /// The number of labels effectively in play, `e^entropy` of the
    /// probabilities: 1 when one label has them all, the label count when
    /// all are alike.
    pub perplexity: f32,
}

impl Scores {
    /// How sharply the model points at a few labels, discounted for
    /// unfamiliar words: `sqrt(known_words) / perplexity`. A question no
    /// intent covers tends to spread over many labels even when one of them
    /// stands out, so this separates it from an answerable question better
    /// than the top probability alone (BENCHMARKS.md has the figures).
    pub fn focus(&self) -> f32 {
        self.known_words.sqrt() / self.perplexity
    }
}

/// Errors from [`Classifier::from_bytes`] and [`Classifier::train`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not a model of this version.
    #[error("not a Tandem model (bad header or version)")]
    BadHeader,
    /// The bytes end early or hold an impossible value.
    #[error("corrupt model: {0}")]
    Corrupt(&'static str),
    /// Training needs at least two labels with examples.
    #[error("training needs examples of at least two intents (got {0})")]
    TooFewLabels(usize),
    /// The built-in phrasings did not parse (a bug in the crate's data).
    #[error("built-in phrasings: {0}")]
    Phrasings(String),
}

thread_local! {
    /// Per-row occurrence counts while one text is scored, all zeros
    /// between calls: counting in place instead of sorting the rows, which
    /// was a tenth of the pipeline. Bit 15 marks a row reached as a word.
    static ROW_TALLY: std::cell::RefCell<Vec<u16>> = const { std::cell::RefCell::new(Vec::new()) };
}
const WORD_BIT: u16 = 1 << 15;
const COUNT_MASK: u16 = WORD_BIT - 1;

const MAGIC: &[u8; 4] = b"TNDM";
const VERSION: u8 = 1;
/// IDF is stored in steps of this size above 1.0.
const IDF_STEP: f32 = 0.04;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

fn quantize_idf(idf: f32) -> f32 {
    1.0 + ((idf - 1.0) / IDF_STEP).round().clamp(0.0, 255.0) * IDF_STEP
}

/// Dense weights during training.
struct Dense {
    labels: usize,
    keys: Vec<u32>,
    idf: Vec<f32>,
    weights: Vec<f32>,
    bias: Vec<f32>,
}

impl Dense {
    fn index(&self, key: u32) -> Option<usize> {
        self.keys.binary_search(&key).ok()
    }

    fn vector(&self, counts: &[Count]) -> Vec<(usize, f32)> {
        features::weigh(counts, |k| self.index(k).map(|i| self.idf[i]))
            .into_iter()
            .filter_map(|(k, v)| self.index(k).map(|i| (i, v)))
            .collect()
    }

    fn logits(&self, x: &[(usize, f32)], out: &mut [f32]) {
        out.copy_from_slice(&self.bias);
        for &(f, v) in x {
            let row = &self.weights[f * self.labels..(f + 1) * self.labels];
            for (o, w) in out.iter_mut().zip(row) {
                *o += v * w;
            }
        }
    }
}

/// Turns `logits` into probabilities in place and returns their entropy in
/// nats, from the same pass: with `z` the scaled logits less their maximum
/// and `S` the sum of `e^z`, the entropy is `ln S - sum(e^z * z) / S`, one
/// logarithm instead of one per label.
fn softmax(logits: &mut [f32], temperature: f32) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let (mut sum, mut weighted) = (0.0, 0.0);
    for l in logits.iter_mut() {
        let z = (*l - max) / temperature;
        *l = z.exp();
        sum += *l;
        weighted += *l * z;
    }
    for l in logits.iter_mut() {
        *l /= sum;
    }
    sum.ln() - weighted / sum
}

fn fit_dense(examples: &[(Vec<Count>, usize)], labels: usize, config: &TrainConfig) -> Dense {
    let mut df: HashMap<u32, u32> = HashMap::new();
    for (counts, _) in examples {
        for c in counts {
            *df.entry(c.key).or_default() += 1;
        }
    }
    let min_df = if examples.len() >= config.min_df_above {
        config.min_df
    } else {
        1
    };
    let mut keys: Vec<u32> = df
        .iter()
        .filter(|(_, d)| **d >= min_df)
        .map(|(k, _)| *k)
        .collect();
    keys.sort_unstable();
    let n = examples.len() as f32;
    let idf = keys
        .iter()
        .map(|k| quantize_idf(((1.0 + n) / (1.0 + df[k] as f32)).ln() + 1.0))
        .collect();
    let mut dense = Dense {
        labels,
        weights: vec![0.0; keys.len() * labels],
        keys,
        idf,
        bias: vec![0.0; labels],
    };
    let vectors: Vec<(Vec<(usize, f32)>, usize)> = examples
        .iter()
        .map(|(c, y)| (dense.vector(c), *y))
        .collect();
    sgd(&mut dense, &vectors, config, config.epochs, None);
    if config.max_weights < dense.weights.len() {
        // Prune to the strongest weights, then let the kept weights make up
        // for the dropped ones: far more accurate than pruning a finished
        // model (89.4% against 82% on BANKING77 at a similar size).
        let mask = strongest(&mut dense, config.max_weights);
        sgd(
            &mut dense,
            &vectors,
            config,
            config.epochs.div_ceil(2),
            Some(&mask),
        );
    }
    dense
}

/// Centres each feature's row (adding the same amount to every class's
/// weight for a feature leaves the softmax unchanged, and after centring
/// most weights sit near zero), then keeps the `budget` largest weights and
/// zeroes the rest. Returns which weights were kept.
fn strongest(dense: &mut Dense, budget: usize) -> Vec<bool> {
    for row in dense.weights.chunks_mut(dense.labels) {
        let mean = row.iter().sum::<f32>() / row.len() as f32;
        for w in row.iter_mut() {
            *w -= mean;
        }
    }
    let mut magnitudes: Vec<f32> = dense.weights.iter().map(|w| w.abs()).collect();
    let cut = magnitudes.len().saturating_sub(budget.max(1));
    magnitudes.select_nth_unstable_by(cut, f32::total_cmp);
    let threshold = magnitudes[cut];
    let mask: Vec<bool> = dense
        .weights
        .iter()
        .map(|w| w.abs() >= threshold && *w != 0.0)
        .collect();
    for (w, keep) in dense.weights.iter_mut().zip(&mask) {
        if !keep {
            *w = 0.0;
        }
    }
    mask
}

fn sgd(
    dense: &mut Dense,
    vectors: &[(Vec<(usize, f32)>, usize)],
    config: &TrainConfig,
    epochs: u32,
    mask: Option<&[bool]>,
) {
    let labels = dense.labels;
    let mut grad_sq = vec![1e-8f32; dense.weights.len()];
    let mut bias_sq = vec![1e-8f32; labels];
    let mut order: Vec<usize> = (0..vectors.len()).collect();
    let mut rng = XorShift(config.seed.wrapping_add(u64::from(epochs)) | 1);
    let mut probs = vec![0.0f32; labels];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let (x, y) = &vectors[i];
            dense.logits(x, &mut probs);
            softmax(&mut probs, 1.0);
            probs[*y] -= 1.0; // now the gradient of the loss w.r.t. the logits
            for c in 0..labels {
                let g = probs[c];
                bias_sq[c] += g * g;
                dense.bias[c] -= config.learning_rate * g / bias_sq[c].sqrt();
            }
            for &(f, v) in x {
                let base = f * labels;
                for c in 0..labels {
                    if mask.is_some_and(|m| !m[base + c]) {
                        continue;
                    }
                    let w = &mut dense.weights[base + c];
                    let g = probs[c] * v + config.l2 * *w;
                    grad_sq[base + c] += g * g;
                    *w -= config.learning_rate * g / grad_sq[base + c].sqrt();
                }
            }
        }
    }
}

/// The temperature that minimises the negative log-likelihood of `held_out`.
fn fit_temperature(dense: &Dense, held_out: &[(Vec<Count>, usize)]) -> f32 {
    let logits: Vec<(Vec<f32>, usize)> = held_out
        .iter()
        .map(|(c, y)| {
            let mut out = vec![0.0; dense.labels];
            dense.logits(&dense.vector(c), &mut out);
            (out, *y)
        })
        .collect();
    let nll = |t: f32| -> f32 {
        logits
            .iter()
            .map(|(l, y)| {
                let mut p = l.clone();
                softmax(&mut p, t);
                -(p[*y].max(1e-9)).ln()
            })
            .sum()
    };
    (0..=40)
        .map(|i| 0.25 * 16f32.powf(i as f32 / 40.0)) // 0.25 to 4, log-spaced
        .min_by(|a, b| nll(*a).total_cmp(&nll(*b)))
        .unwrap_or(1.0)
}

impl Classifier {
    /// Trains on `(normalised text, label)` pairs.
    pub fn train(examples: &[(String, String)], config: &TrainConfig) -> Result<Self, ModelError> {
        let mut labels: Vec<String> = examples.iter().map(|(_, l)| l.clone()).collect();
        labels.sort();
        labels.dedup();
        if labels.len() < 2 {
            return Err(ModelError::TooFewLabels(labels.len()));
        }
        let encoded: Vec<(Vec<Count>, usize)> = examples
            .iter()
            .map(|(text, label)| {
                let y = labels.binary_search(label).unwrap_or_default();
                let mut counts = features::extract(text);
                if config.words_only {
                    counts.retain(|c| c.group == Group::Word);
                }
                (counts, y)
            })
            .collect();
        let temperature = if config.calibrate && encoded.len() >= 200 {
            let mut order: Vec<usize> = (0..encoded.len()).collect();
            XorShift(config.seed.rotate_left(17) | 1).shuffle(&mut order);
            let cut = encoded.len() / 10;
            let held_out: Vec<_> = order[..cut].iter().map(|&i| encoded[i].clone()).collect();
            let rest: Vec<_> = order[cut..].iter().map(|&i| encoded[i].clone()).collect();
            fit_temperature(&fit_dense(&rest, labels.len(), config), &held_out)
        } else {
            1.0
        };
        let dense = fit_dense(&encoded, labels.len(), config);
        Ok(Self::compress(dense, labels, temperature))
    }

    fn compress(dense: Dense, labels: Vec<String>, temperature: f32) -> Self {
        let max = dense.weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let mut rows = Vec::with_capacity(dense.keys.len() + 1);
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        rows.push(0);
        let mut kept: Vec<(u16, f32)> = Vec::with_capacity(dense.labels);
        for f in 0..dense.keys.len() {
            kept.clear();
            let row = &dense.weights[f * dense.labels..(f + 1) * dense.labels];
            kept.extend(
                row.iter()
                    .enumerate()
                    .filter(|(_, w)| **w != 0.0)
                    .map(|(c, w)| (c as u16, *w)),
            );
            for (c, w) in &kept {
                classes.push(*c);
                weights.push((w / scale).round().clamp(-127.0, 127.0) * scale);
            }
            rows.push(classes.len() as u32);
        }
        Self {
            dense: DenseRows::new(&rows, &classes, &weights, labels.len()),
            labels,
            index: KeyIndex::new(&dense.keys),
            keys: dense.keys,
            max_idf: largest_idf(&dense.idf),
            idf: dense.idf,
            rows,
            classes,
            weights,
            bias: dense.bias,
            temperature,
            scale,
        }
    }

    /// The labels, in index order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The fitted softmax temperature.
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// Number of features and of stored (non-zero) weights.
    pub fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.weights.len())
    }

    /// Every label's probability for a text, given its words (as
    /// [`crate::pattern::tokens`] splits them), for a model trained with
    /// [`TrainConfig::words_only`]: no character n-grams hashed (such a
    /// model has no weights for them), no ranking and no familiarity, which
    /// the sensitive-topic model does not need; it runs on every message,
    /// so this keeps it to about a microsecond.
    pub fn probabilities_of_words(&self, tokens: &[&str]) -> Vec<f32> {
        let mut found = Vec::with_capacity(tokens.len() * 2);
        features::for_each_word_key(tokens, |key, group| self.look_up(key, group, &mut found));
        self.probabilities(found).0
    }

    /// Scores `normalized` text against every label.
    pub fn scores(&self, normalized: &str) -> Scores {
        let mut found = Vec::with_capacity(normalized.len() * 4);
        features::for_each_key(normalized, |key, group| {
            self.look_up(key, group, &mut found)
        });
        let (logits, entropy) = self.probabilities(found);
        // Most likely first, ties to the lower label index. Probabilities
        // are not negative, so their bits order like the numbers: sorting
        // `(!bits, index)` packed in a u64 is a plain integer sort.
        let mut order: Vec<u64> = logits
            .iter()
            .enumerate()
            .map(|(i, p)| u64::from(!p.to_bits()) << 32 | i as u64)
            .collect();
        let top = RANKED.min(order.len());
        if top > 0 && top < order.len() {
            // The `top` smallest keys (most likely labels) move to the front.
            order.select_nth_unstable(top - 1);
        }
        order.truncate(top);
        order.sort_unstable();
        let ranked: Vec<(usize, f32)> = order
            .into_iter()
            .map(|key| {
                let i = (key & u64::from(u32::MAX)) as usize;
                (i, logits[i])
            })
            .collect();
        // A question is familiar when its content words are: function words
        // are skipped, and the rest weighed by IDF (unseen ones by the largest).
        let max_idf = self.max_idf;
        let (mut known, mut total) = (0.0f32, 0.0f32);
        let words = normalized.split(' ').filter(|w| !w.is_empty());
        for word in features::content_words(words) {
            match self.index.get(features::word_key(word)) {
                Some(f) => {
                    known += self.idf[f];
                    total += self.idf[f];
                }
                None => total += max_idf,
            }
        }
        let known_words = if total == 0.0 { 0.0 } else { known / total };
        Scores {
            ranked,
            perplexity: entropy.exp(),
            probabilities: logits,
            known_words,
        }
    }

    /// Pushes the row of a known feature onto `found` as `row << 1 |
    /// group` (plain integers sort fastest). Looking up before counting:
    /// most of a question's character n-grams are unknown to a pruned
    /// model, so less is left to sort.
    fn look_up(&self, key: u32, group: Group, found: &mut Vec<u32>) {
        if let Some(f) = self.index.get(key) {
            found.push((f as u32) << 1 | group as u32);
        }
    }

    /// Every label's probability, from the rows [`Classifier::look_up`]
    /// found, and their entropy.
    fn probabilities(&self, found: Vec<u32>) -> (Vec<f32>, f32) {
        let (x, norms) = self.tf_idf(&found);
        self.softmax_of(x, norms)
    }

    /// One entry per distinct row of `found` (see [`Classifier::look_up`]):
    /// (row, group, tf-idf before normalising), in the order first seen;
    /// and the squared norm of each group.
    fn tf_idf(&self, found: &[u32]) -> (Vec<(usize, usize, f32)>, [f32; 2]) {
        let mut x: Vec<(usize, usize, f32)> = Vec::with_capacity(found.len());
        let mut norms = [0.0f32; 2];
        ROW_TALLY.with_borrow_mut(|tally| {
            if tally.len() < self.keys.len() {
                tally.resize(self.keys.len(), 0);
            }
            // Count each row's occurrences in the tally (which is all zeros
            // between calls), noting rows in the order first seen.
            let mut rows: Vec<u32> = Vec::with_capacity(found.len());
            for &entry in found {
                let (f, group) = ((entry >> 1) as usize, entry & 1);
                let slot = &mut tally[f];
                if *slot == 0 {
                    rows.push(f as u32);
                }
                // A (rare) key that is both a word and a character n-gram
                // counts as a word, whatever order they came in.
                let word = if group == Group::Word as u32 {
                    WORD_BIT
                } else {
                    0
                };
                *slot = (*slot | word) + u16::from(*slot & COUNT_MASK < COUNT_MASK);
            }
            for f in rows {
                let f = f as usize;
                let slot = std::mem::take(&mut tally[f]);
                let count = slot & COUNT_MASK;
                let group = if slot & WORD_BIT != 0 {
                    Group::Word
                } else {
                    Group::Char
                } as usize;
                // Sublinear TF: 1 + ln(count), and ln(1) = 0 needs no call.
                let tf = if count == 1 {
                    1.0
                } else {
                    1.0 + f32::from(count).ln()
                };
                let v = tf * self.idf[f];
                norms[group] += v * v;
                x.push((f, group, v));
            }
        });
        (x, norms)
    }

    /// The probabilities of every label given [`Classifier::tf_idf`]'s
    /// entries and norms.
    fn softmax_of(&self, x: Vec<(usize, usize, f32)>, norms: [f32; 2]) -> (Vec<f32>, f32) {
        let scale = norms.map(|n| {
            if n > 0.0 {
                std::f32::consts::FRAC_1_SQRT_2 / n.sqrt()
            } else {
                0.0
            }
        });
        let mut logits = self.bias.clone();
        for (f, group, v) in x {
            let v = v * scale[group];
            let (from, to) = (self.rows[f] as usize, self.rows[f + 1] as usize);
            match self.dense.slot[f] {
                u32::MAX => {
                    for (c, w) in self.classes[from..to].iter().zip(&self.weights[from..to]) {
                        logits[*c as usize] += v * w;
                    }
                }
                slot => {
                    let n = logits.len();
                    let row = &self.dense.weights[slot as usize * n..(slot as usize + 1) * n];
                    for (logit, w) in logits.iter_mut().zip(row) {
                        *logit += v * w;
                    }
                }
            }
        }
        let entropy = softmax(&mut logits, self.temperature);
        (logits, entropy)
    }

    /// Serialises the model (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.weights.len() * 2 + self.keys.len() * 3);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        put_varint(&mut out, self.labels.len() as u64);
        for label in &self.labels {
            put_varint(&mut out, label.len() as u64);
            out.extend_from_slice(label.as_bytes());
        }
        out.extend_from_slice(&self.temperature.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for b in &self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        put_varint(&mut out, self.keys.len() as u64);
        let mut previous = 0;
        for &key in &self.keys {
            put_varint(&mut out, u64::from(key - previous));
            previous = key;
        }
        for &idf in &self.idf {
            out.push(((idf - 1.0) / IDF_STEP).round() as u8);
        }
        for f in 0..self.keys.len() {
            let (from, to) = (self.rows[f] as usize, self.rows[f + 1] as usize);
            put_varint(&mut out, (to - from) as u64);
            let mut previous = 0;
            for (c, w) in self.classes[from..to].iter().zip(&self.weights[from..to]) {
                put_varint(&mut out, u64::from(*c - previous));
                previous = *c;
                out.push((w / self.scale).round() as i8 as u8);
            }
        }
        out
    }

    /// Reads a model written by [`Classifier::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC || r.byte()? != VERSION {
            return Err(ModelError::BadHeader);
        }
        let n_labels = r.len(u16::MAX as usize)?;
        let labels = (0..n_labels)
            .map(|_| {
                let len = r.len(1024)?;
                String::from_utf8(r.take(len)?.to_vec())
                    .map_err(|_| ModelError::Corrupt("label is not UTF-8"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let temperature = r.f32()?;
        let scale = r.f32()?;
        if !(temperature > 0.0 && scale > 0.0) {
            return Err(ModelError::Corrupt("temperature or scale not positive"));
        }
        let bias = (0..n_labels)
            .map(|_| r.f32())
            .collect::<Result<Vec<_>, _>>()?;
        let n_keys = r.len(1 << features::KEY_BITS)?;
        let mut keys = Vec::with_capacity(n_keys);
        let mut key = 0u64;
        for i in 0..n_keys {
            let delta = r.varint()?;
            if i > 0 && delta == 0 {
                return Err(ModelError::Corrupt("keys not increasing"));
            }
            // A corrupt delta must not wrap the key around (found by the
            // fuzzer: `fuzz/regressions/triage_pipeline/`).
            key = key
                .checked_add(delta)
                .ok_or(ModelError::Corrupt("key out of range"))?;
            if key >> features::KEY_BITS != 0 {
                return Err(ModelError::Corrupt("key out of range"));
            }
            keys.push(key as u32);
        }
        let idf: Vec<f32> = r
            .take(n_keys)?
            .iter()
            .map(|&q| 1.0 + f32::from(q) * IDF_STEP)
            .collect();
        let mut rows = Vec::with_capacity(n_keys + 1);
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        rows.push(0);
        for _ in 0..n_keys {
            let nnz = r.len(n_labels)?;
            let mut class = 0u64;
            for _ in 0..nnz {
                class = class
                    .checked_add(r.varint()?)
                    .ok_or(ModelError::Corrupt("class out of range"))?;
                if class >= n_labels as u64 {
                    return Err(ModelError::Corrupt("class out of range"));
                }
                classes.push(class as u16);
                weights.push(f32::from(r.byte()? as i8) * scale);
            }
            rows.push(classes.len() as u32);
        }
        if r.at != bytes.len() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(Self {
            dense: DenseRows::new(&rows, &classes, &weights, labels.len()),
            labels,
            index: KeyIndex::new(&keys),
            keys,
            max_idf: largest_idf(&idf),
            idf,
            rows,
            classes,
            weights,
            bias,
            temperature,
            scale,
        })
    }
}

fn largest_idf(idf: &[f32]) -> f32 {
    idf.iter().copied().fold(1.0, f32::max)
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(ModelError::Corrupt("truncated"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ModelError::Corrupt("varint too long"))
    }

    /// A varint length no larger than `max` (guards allocations).
    fn len(&mut self, max: usize) -> Result<usize, ModelError> {
        let v = self.varint()?;
        usize::try_from(v)
            .ok()
            .filter(|&v| v <= max)
            .ok_or(ModelError::Corrupt("length out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn a_corrupt_key_delta_is_refused_not_wrapped() {
        // Found by the `triage_pipeline` fuzz target: a key delta that
        // overflowed the running key (a panic with overflow checks on).
        let bytes = b"TNDM\x01\x00\x00h@n\x02\x00\x00 price matIIII\xff\xff\xff\xff\xff\xff\xff\xff\xffII\x89\x89\x89\x89code";
        assert!(Classifier::from_bytes(bytes).is_err());
    }

    fn tiny() -> Vec<(String, String)> {
        let data = [
            ("where is my parcel", "delivery"),
            ("when will my order arrive", "delivery"),
            ("has my package shipped", "delivery"),
            ("tracking number for my delivery", "delivery"),
            ("how do i return an item", "returns"),
            ("can i send this back", "returns"),
            ("return policy for shoes", "returns"),
            ("i want to return my jacket", "returns"),
            ("my payment was declined", "declined"),
            ("why was my card declined", "declined"),
            ("payment failed at checkout", "declined"),
            ("card refused when paying", "declined"),
        ];
        data.iter()
            .map(|(t, l)| (normalize(t), (*l).to_owned()))
            .collect()
    }

    #[test]
    fn learns_a_tiny_knowledge_base() {
        let model = Classifier::train(&tiny(), &TrainConfig::default()).expect("trains");
        let top = |text: &str| {
            let s = model.scores(&normalize(text));
            model.labels()[s.ranked[0].0].clone()
        };
        assert_eq!(top("where's my parcel?"), "delivery");
        assert_eq!(top("returning a jacket"), "returns");
        assert_eq!(top("card declined"), "declined");
        let s = model.scores(&normalize("card declined"));
        let total: f32 = s.probabilities.iter().sum();
        assert!((total - 1.0).abs() < 1e-4);
        // The ranked labels are the most likely ones, in order.
        let mut by_probability: Vec<(usize, f32)> =
            s.probabilities.iter().copied().enumerate().collect();
        by_probability.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        assert_eq!(s.ranked, by_probability[..RANKED]);
        assert_eq!(s.known_words, 1.0);
        assert_eq!(model.scores("zebra quantum").known_words, 0.0);
        assert_eq!(model.scores("zebra quantum").focus(), 0.0);
    }

    #[test]
    fn focus_is_the_share_of_known_words_over_the_labels_in_play() {
        let model = Classifier::train(&tiny(), &TrainConfig::default()).expect("trains");
        for text in ["card declined", "where's my parcel?", "card parcel zebra"] {
            let s = model.scores(&normalize(text));
            let expected_perplexity: f64 = s
                .probabilities
                .iter()
                .map(|&p| f64::from(p))
                .filter(|&p| p > 0.0)
                .map(|p| p.powf(-p))
                .product();
            assert!(
                (f64::from(s.perplexity) - expected_perplexity).abs() < 1e-3,
                "{text}: perplexity {} against {expected_perplexity}",
                s.perplexity
            );
            assert!(s.perplexity >= 1.0 && s.perplexity <= model.labels().len() as f32 + 1e-3);
            let expected = f64::from(s.known_words).sqrt() / expected_perplexity;
            assert!((f64::from(s.focus()) - expected).abs() < 1e-4);
        }
        // A clear question is more focused than one that mixes intents and
        // words the model never saw.
        let clear = model.scores(&normalize("card declined")).focus();
        let mixed = model.scores(&normalize("card parcel zebra")).focus();
        assert!(clear > mixed, "{clear} against {mixed}");
    }

    #[test]
    fn rows_are_counted_as_sorting_them_did() {
        let model = Classifier::train(&tiny(), &TrainConfig::default()).expect("trains");
        for text in [
            "card card card declined",
            "where is my parcel, my parcel, my parcel",
            "return return",
            "",
        ] {
            let mut found = Vec::new();
            features::for_each_key(&normalize(text), |key, group| {
                model.look_up(key, group, &mut found)
            });
            // The first version sorted the rows and counted runs; a row
            // reached as a word and as a character n-gram counted as a word.
            let mut sorted = found.clone();
            sorted.sort_unstable();
            let mut expected: Vec<(usize, usize, f32)> = sorted
                .chunk_by(|a, b| a >> 1 == b >> 1)
                .map(|run| {
                    let f = (run[0] >> 1) as usize;
                    let tf = 1.0 + (run.len() as f32).ln();
                    (f, (run[0] & 1) as usize, tf * model.idf[f])
                })
                .collect();
            let (mut x, _) = model.tf_idf(&found);
            x.sort_by_key(|e| e.0);
            expected.sort_by_key(|e| e.0);
            assert_eq!(x.len(), expected.len(), "{text}");
            for (got, want) in x.iter().zip(&expected) {
                assert_eq!((got.0, got.1), (want.0, want.1), "{text}");
                assert!((got.2 - want.2).abs() < 1e-6, "{text}");
            }
            // The tally is left empty: the same text scores the same again.
            assert_eq!(model.tf_idf(&found).0, model.tf_idf(&found).0);
        }
    }

    #[test]
    fn serialisation_round_trips_exactly() {
        let model = Classifier::train(&tiny(), &TrainConfig::default()).expect("trains");
        let bytes = model.to_bytes();
        let back = Classifier::from_bytes(&bytes).expect("reads back");
        assert_eq!(back, model);
        assert_eq!(
            back.scores("my card was declined"),
            model.scores("my card was declined")
        );
    }

    #[test]
    fn corrupt_models_are_errors_not_panics() {
        let bytes = Classifier::train(&tiny(), &TrainConfig::default())
            .expect("trains")
            .to_bytes();
        assert_eq!(Classifier::from_bytes(b"nope"), Err(ModelError::BadHeader));
        for cut in [5, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                Classifier::from_bytes(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert_eq!(
            Classifier::from_bytes(&extra),
            Err(ModelError::Corrupt("trailing bytes"))
        );
    }

    #[test]
    fn one_label_is_not_enough() {
        let one = vec![("hello".to_owned(), "greeting".to_owned())];
        assert_eq!(
            Classifier::train(&one, &TrainConfig::default()),
            Err(ModelError::TooFewLabels(1))
        );
    }

    #[test]
    fn training_is_deterministic() {
        let a = Classifier::train(&tiny(), &TrainConfig::default()).expect("trains");
        let b = Classifier::train(&tiny(), &TrainConfig::default()).expect("trains");
        assert_eq!(a, b);
    }
}
