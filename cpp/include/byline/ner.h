// byline/ner.h — trained statistical named-entity recognizer (averaged structured
// perceptron over BILOU tags, first-order Viterbi decoding), its trainer and evaluator.
//
//   auto ner = byline::EntityRecognizer::load("models/en_news/model.bin");
//   byline::Tokenizer tok;
//   byline::Doc doc = tok.tokenize("Angela Merkel met Reuters staff in Berlin on Monday.");
//   ner->annotate(doc);                      // adds entities PERSON, ORG, GPE (source kModel)
//   for (const auto& e : doc.entities()) std::cout << e.label << "\n";
//   std::vector<std::string> raw = ner->predict_tags(doc);   // "B-PER", "I-PER", "O", ...
//
//   // training and evaluation on CoNLL files (IOB1 or IOB2, -DOCSTART- = document break)
//   auto train = byline::read_conll("eng.train");
//   auto dev = byline::read_conll("eng.testa");
//   byline::NerTrainOptions opts;            // epochs, seed, resources
//   auto model = byline::train_recognizer(train, dev, opts);
//   model->save("model.bin");
//   byline::NerEvaluation ev = byline::evaluate(*model, dev);
//   std::cout << ev.to_json() << "\n";
//
// A Doc is one article: document-level features (how the same word was written and
// tagged earlier in the article) never cross Doc boundaries. Sentences come from
// Doc::sentences(); a Doc without sentences is decoded as one sentence.
//
// Model file: one binary blob, little-endian: magic "BLNR", uint32 format version,
// uint64 payload size, uint64 checksum of the payload, then the payload (JSON config
// with label set and feature configuration, hashed feature table, quantised weights,
// word clusters and gazetteer). See docs/ner.md.
//
// THREAD SAFETY: a loaded EntityRecognizer is immutable; annotate(), predict_tags()
// and every other const method may be called from many threads at once on different
// Docs (scratch memory lives in a per-call workspace). Share it as
// std::shared_ptr<const EntityRecognizer>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/doc.h"

namespace byline {

// ---------------------------------------------------------------- CoNLL data

/// One document of a CoNLL file: tokens, their tags as written (IOB1, IOB2 or
/// BILOU; "O" outside), and sentence ranges over the tokens.
///
/// Partial annotation (training only): a tag's type may list alternatives,
/// "B-GPE|LOC|FAC" (the span is one of these types; "O" among them lets the span be
/// no entity), and `open_types` names the types the document's source never
/// annotates, so that its O tokens may belong to them. The trainer learns from the
/// best-scoring labelling that agrees with these constraints (docs/ner.md).
struct ConllDoc {
  std::vector<std::string> words;
  std::vector<std::string> tags;
  std::vector<TokenRange> sentences;
  std::vector<std::string> open_types;  ///< from "-DOCSTART- open=FAC,LAW"
  std::string source;                   ///< from "-DOCSTART- source=NAME" (training corpus)
};

/// Parses CoNLL text: one token per line, first column the word, last column the
/// tag; blank line = sentence break; a "-DOCSTART-" line = document break (an
/// "open=T1,T2" field on it fills ConllDoc::open_types).
/// Tags are "O" or a scheme prefix (B, I, E, S, L, U: IOB1, IOB2/BIO, IOBES, BILOU), a
/// hyphen and a type of any name. Throws FormatError naming `name` (a file name; "CoNLL"
/// when empty), the line and an escaped excerpt for text that is not valid UTF-8, a line
/// with a single column or a last column that is no such tag.
std::vector<ConllDoc> parse_conll(std::string_view text, std::string_view name = {});
/// Reads and parses a CoNLL file; throws InputError when it cannot be read, FormatError
/// (naming the file and line) as parse_conll.
std::vector<ConllDoc> read_conll(const std::string& path);
/// A Doc over the words of `doc` (text = words joined by ' ', sentences by '\n'),
/// with tokens and sentences set. Entities are not added.
Doc conll_to_doc(const ConllDoc& doc);

/// A typed token span [begin, end).
struct TagSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string type;
  bool operator==(const TagSpan& o) const { return begin == o.begin && end == o.end && type == o.type; }
};
/// Chunks as conlleval finds them, for IOB1, IOB2 (and BILOU) tags alike: a chunk
/// starts at B-, or at I- whose type differs from the previous tag's type or whose
/// previous tag is O; it ends before O, B-, or a tag of another type.
std::vector<TagSpan> tags_to_spans(const std::vector<std::string>& tags);

// ---------------------------------------------------------------- evaluation

struct NerScores {
  std::string type;  ///< entity type, or "overall"
  std::size_t gold = 0, predicted = 0, correct = 0;
  double precision = 0, recall = 0, f1 = 0;  ///< percentages, as conlleval prints them
};

struct NerEvaluation {
  NerScores overall;
  std::vector<NerScores> per_type;  ///< sorted by type
  std::size_t tokens = 0;
  std::size_t documents = 0;
  double seconds = 0;  ///< tagging time only
  double tokens_per_second = 0;
  /// One JSON object: {"precision":..,"recall":..,"f1":..,"per_type":{..},"tokens":..,...}.
  std::string to_json() const;
};

/// Scores predicted against gold tag sequences (one vector per document or
/// sentence; equal lengths required, std::invalid_argument otherwise) with exact
/// span match, as conlleval does.
NerEvaluation score_tags(const std::vector<std::vector<std::string>>& gold,
                         const std::vector<std::vector<std::string>>& predicted);

/// Scores partially annotated gold (the dev files of tools/ner/prepare_data.py): a gold
/// type may list alternatives ("GPE|LOC|FAC"), and a prediction is right when it has a gold
/// span's extent and one of its types. A gold span whose alternatives include "O" is
/// optional (counted as gold only when found). A prediction of one of the sequence's
/// `open_types` (types its source does not annotate) that has no gold span's extent is
/// not scored. Per type: precision over the predictions of that type, recall over the gold
/// spans of that exact type string (alternatives get their own recall-only rows);
/// `correct` holds the gold spans found. Equal sizes required (std::invalid_argument).
NerEvaluation score_partial(const std::vector<std::vector<std::string>>& gold,
                            const std::vector<std::vector<std::string>>& predicted,
                            const std::vector<std::vector<std::string>>& open_types);

// ---------------------------------------------------------------- recognizer

class EntityRecognizer;

/// Report handed to NerTrainOptions::on_epoch after each epoch.
struct NerEpochReport {
  int epoch = 0;                ///< 1-based
  double seconds = 0;           ///< time of the epoch
  double train_error_rate = 0;  ///< fraction of training tokens mis-tagged during the pass
  bool has_dev = false;
  NerScores dev;  ///< overall dev scores with the averaged weights
};

struct NerTrainOptions {
  int epochs = 10;
  std::uint64_t seed = 1;  ///< shuffling order of documents; same seed + data -> same model
  /// Optional word clusters, lines "word<TAB>cluster[<TAB>cluster2...]" (see docs/ner.md).
  std::string clusters_path;
  /// Optional gazetteer, lines "TYPE<TAB>phrase" (phrase tokens separated by spaces).
  std::string gazetteer_path;
  /// Optional word-vector rows, lines "word<TAB>row" (tools/ner/vector_clusters.py
  /// --rows-out): the row is a feature of the word (the "vectors" group).
  std::string vectors_path;
  /// Feature groups to switch off (ablations): any of "clusters", "gazetteer", "doc",
  /// "context2", "affixes", "bigrams", "memory", "memoryvotes", "runs", "casevariant", "vectors".
  /// "casevariant" is off by default (it lowered dev F1).
  std::vector<std::string> disable{"casevariant"};
  /// Features seen fewer times in training are dropped (>= 1).
  int min_feature_count = 1;
  /// Saved weights with |w| below this (after averaging) are pruned.
  float prune_threshold = 0.0f;
  /// Saved weights whose int16 value (the largest |weight| maps to 32767) is at most
  /// this in magnitude are pruned, and features left without weights dropped: a smaller
  /// table, so fewer cache misses at inference (docs/ner.md measures the trade-off).
  int min_weight = 0;
  /// Word dropout: in each epoch, each capitalised token is trained, with this
  /// probability, without the features of its own spelling (word, lower case, word
  /// classes, vector row), so that the context and shape learn to find names the word
  /// list has not seen (0 = off; [0, 1)).
  float word_dropout = 0.0f;
  /// Margin of loss-augmented training: while training, every label but the gold one
  /// scores this much more, so that a sentence also updates the weights when the gold
  /// labelling wins by less than a margin of this size per token (0 = the plain perceptron).
  float margin = 0.0f;
  /// Read non-ASCII characters by their Unicode category in the word-shape and case
  /// features (upper/title-case letter, lower-case letter, other letter, combining mark,
  /// punctuation), so that "Örebro" is a capitalised word and "—" punctuation; saved in the
  /// model (config "unicode_shapes"). Off: every non-ASCII character is an unknown letter,
  /// as in models trained before the option.
  bool unicode_shapes = false;
  /// Keep the model of the best dev epoch (when dev data is given); else the last epoch.
  bool keep_best = true;
  /// Number of perceptrons trained with seeds seed, seed+1, ... whose averaged weights are
  /// averaged into the final model (1 = a single model). Members train two at a time.
  int ensemble = 1;
  /// Entity types of the model, in this order. Empty: the types found in the training
  /// tags (alternatives "GPE|LOC" split, "O" left out), sorted.
  std::vector<std::string> types;
  /// Source adaptation (Daume 2007, "frustratingly easy"): when set, every feature of a
  /// document with a ConllDoc::source also fires in a copy private to that source, and
  /// the saved model adds the copy of this source to the shared weights (a model tuned
  /// to that corpus' conventions, no larger than one without adaptation).
  std::string target_source;
  std::function<void(const NerEpochReport&)> on_epoch;
};

/// One option of training as the command lines take it (`byline-dev train`, `byline
/// train`): both are made from train_option_specs() and give their values to
/// NerTrainOptions through set_train_option(), so that the names, meanings, defaults and
/// checks are defined here once. The keyword of the Python `byline.train` is the name with
/// '_' for '-' (`keep_best=False` for `--no-keep-best`). The input and output files
/// (--train, --dev, --out) are the commands' own.
struct TrainOptionSpec {
  enum class Kind : std::uint8_t {
    kFlag,    ///< no value: sets a boolean
    kCount,   ///< an integer >= min
    kNumber,  ///< a finite number >= 0
    kText,    ///< a string (a file path, a source name)
    kList,    ///< comma-separated names
  };
  std::string name;  ///< "min-count": the option is "--min-count"
  Kind kind = Kind::kText;
  std::string metavar;         ///< "N", "FILE", "GROUP,..."; empty for a flag
  std::string help;            ///< one sentence, with the default when there is one
  std::string default_value;   ///< NerTrainOptions' default as the command line writes it; empty when none
  unsigned long long min = 0;  ///< kCount: the smallest value
  /// kNumber: when above 0, the value must be below it (word dropout: [0, 1)).
  double below = 0;
};

/// The training options, in the order the commands list them.
const std::vector<TrainOptionSpec>& train_option_specs();

/// Sets the option `name` (train_option_specs(), without "--") of `options` from its
/// command-line text (ignored for a flag, which it sets). Throws ConfigError naming the
/// option and the value when the value is not one ("--epochs needs an integer >= 1, not
/// 'x'") or the name is no training option.
void set_train_option(NerTrainOptions& options, std::string_view name, const std::string& value);

/// Trains a recognizer on `train` (dev may be empty). Deterministic for a given
/// seed, data and options. Throws ConfigError for bad options, InputError when a
/// resource file cannot be read.
std::shared_ptr<EntityRecognizer> train_recognizer(const std::vector<ConllDoc>& train, const std::vector<ConllDoc>& dev,
                                                   const NerTrainOptions& options);

/// The CoNLL-2003 type of an OntoNotes label: PERSON -> PER, ORG -> ORG,
/// GPE/LOC/FAC -> LOC, every other label -> MISC (CoNLL types map to themselves).
std::string to_conll_type(std::string_view label);

/// Tags every document of `data` with `model` and scores it against its tags. When the
/// gold tags carry only CoNLL-2003 types (PER, ORG, LOC, MISC) and the model predicts
/// OntoNotes types, the predictions are scored through to_conll_type() on CoNLL's own
/// tokens: a token with a hyphen is tagged as byline's tokenizer splits it ("Bergamo-based"
/// -> Bergamo, -, based), a name that stops at a hyphen takes the rest of a hyphenated name
/// as the ruler does ("Kim Jong" + "-un"), and a name inside a compound with a lower-case
/// word makes the whole CoNLL token MISC, as CoNLL-2003 annotates it ("Bergamo-based",
/// "ex-England"; docs/ner.md).
NerEvaluation evaluate(const EntityRecognizer& model, const std::vector<ConllDoc>& data);

/// The tags evaluate() scores, one vector per document of `data` (IOB2; CoNLL-2003 types
/// on CoNLL's tokens when evaluate() maps them).
std::vector<std::vector<std::string>> evaluation_tags(const EntityRecognizer& model, const std::vector<ConllDoc>& data);

// ---------------------------------------------------------------- word clusters

struct ClusterOptions {
  /// One clustering per entry (at most 4), e.g. {64, 256}: number of classes.
  std::vector<int> num_classes{64, 256};
  int min_count = 3;      ///< rarer words are not clustered
  int iterations = 8;     ///< exchange passes over the vocabulary
  int max_vocab = 60000;  ///< most frequent words kept
};

/// Learns word classes with the exchange algorithm (class-bigram likelihood,
/// Kneser & Ney 1993 / Martin et al. 1998) from UTF-8 text (tokenised with
/// byline::Tokenizer, one paragraph per line or blank-line separated) and writes
/// "word<TAB>class1<TAB>class2..." lines to `out_path`, most frequent word first.
/// Deterministic. Throws InputError when a file cannot be read or written.
void build_word_clusters(const std::string& corpus_path, const std::string& out_path, const ClusterOptions& options);

class EntityRecognizer {
 public:
  /// Loads a model file. Throws ModelError naming the problem (missing, truncated,
  /// bad magic, unsupported version, checksum mismatch, malformed section).
  static std::shared_ptr<const EntityRecognizer> load(const std::string& path);
  /// Same from bytes in memory (copied; the buffer may be freed afterwards).
  static std::shared_ptr<const EntityRecognizer> load_from_buffer(std::string_view bytes);

  ~EntityRecognizer();
  EntityRecognizer(const EntityRecognizer&) = delete;
  EntityRecognizer& operator=(const EntityRecognizer&) = delete;

  /// The serialised model (the exact bytes save() writes).
  std::string serialize() const;
  /// Writes the model file; throws ModelError when it cannot be written.
  void save(const std::string& path) const;

  /// Raw CoNLL tags per token of `doc` in IOB2 ("B-PER", "I-ORG", "O").
  /// requires: token offsets lie within doc.text() (true for Docs from Tokenizer and
  ///           conll_to_doc). Sentence ranges are clamped; tokens outside every
  ///           sentence get "O"; sentences over 1000 tokens are decoded in chunks.
  /// ensures: result.size() == doc.size(); entities never cross a sentence break.
  /// Total: any such Doc gives a result (no exceptions for content).
  std::vector<std::string> predict_tags(const Doc& doc) const;
  /// Adds one Entity per predicted span (source kModel; score: the span's calibrated
  /// confidence, docs/ner.md; label: the type of an OntoNotes-typed model as it is, or
  /// for a CoNLL-typed model PER->PERSON, ORG->ORG, LOC->GPE when the span is a known
  /// country/city/region else LOC, MISC->MISC). Spans without a letter or digit are
  /// dropped. Existing entities are kept.
  void annotate(Doc& doc) const;

  /// Raw entity types of the model (the shipped model: the eleven OntoNotes name types;
  /// a CoNLL-typed model: "LOC", "MISC", "ORG", "PER").
  std::vector<std::string> entity_types() const;
  /// News-schema label for a raw type and span text (see annotate()).
  std::string schema_label(std::string_view type, std::string_view span_text) const;
  /// News-schema labels annotate() can assign (a CoNLL-typed model's LOC may become GPE
  /// or LOC, PER becomes PERSON, ...), sorted.
  std::vector<std::string> labels() const;
  /// Model configuration and provenance as JSON (labels, features, sizes, training figures).
  std::string info_json() const;

  struct Impl;
  explicit EntityRecognizer(std::unique_ptr<Impl> impl);
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace byline
