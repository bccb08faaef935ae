// byline/pipeline.h — the entity pipeline as one object: tokenizer -> statistical
// recognizer -> entity ruler (numbers, dates, gazetteers, user patterns; merge policy),
// made from a model package.
//
//   auto nlp = byline::load_default_pipeline();   // $BYLINE_MODEL, else models/en_news
//   byline::DocOptions doc_options;
//   doc_options.date = "2025-01-02";                  // anchors "last month", "Monday"
//   byline::Doc doc = nlp->process(text, doc_options);
//   std::vector<byline::Doc> docs = nlp->process_batch(texts, /*num_threads=*/0);
//   std::string bytes = nlp->to_bytes();              // the whole pipeline, for another process
//   auto same = byline::Pipeline::from_bytes(bytes);
//
// A model package is a directory (models/en_news in the source tree, share/byline/
// models/en_news under an install prefix, byline/models/en_news in the Python wheel):
//
//   meta.json      name, version, labels, the byline versions it works with, sources and
//                  licences, evaluation figures, and the size and sha256 of every file
//   model.bin      the recognizer's weights (EntityRecognizer::load)
//   gazetteers/    gpe.txt loc.txt norp.txt titles.txt not_names.txt (the ruler's lists)
//
// load() checks every file against meta.json before using it: a missing, altered or
// unlisted-but-needed file, or a package of another format, is a ModelError naming the
// file and the problem; a package made for other byline versions loads with a warning.
// load() also accepts a bare model file (a model trained with `byline train`), or a
// directory holding only model.bin: the rule
// stage then uses the default package's lists, if there is one, unless
// PipelineOptions::ruler names others.
//
// byline.load(), byline.load_bytes(), pickling and Dask workers (Python), the C++ tool
// (`byline-dev ner`) and the C++ example all run this class; tests/python/
// test_pipeline_parity.py checks that they give the same entities.
//
// THREAD SAFETY: a Pipeline is immutable once made; process() and process_batch() are
// const and may be called from many threads at once.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/doc.h"
#include "byline/ner.h"
#include "byline/rules.h"
#include "byline/tokenizer.h"

namespace byline {

struct PipelineOptions {
  TokenizerOptions tokenizer;
  /// The statistical entity recognizer runs after the tokenizer. False leaves it out (the
  /// rule stage only: numbers, dates, gazetteers, user rules); the model stays loaded.
  bool ner = true;
  /// The built-in rule stage after the model: numbers, dates, and the package's
  /// gazetteers. With `rules` false and no user patterns, phrases or lists in `ruler`
  /// there is no rule stage (the model only).
  bool rules = true;
  /// Rule options. When `rules` is set and neither `ruler.resource_dir` nor
  /// `ruler.resources` is given, the built-in lists are the model package's. With
  /// `rules` false the built-in recognisers are off (numbers, dates, lists) and only
  /// user patterns, phrases and lists run.
  RulerOptions ruler;
};

/// Per-document options of Pipeline::process.
struct DocOptions {
  /// The article's date, or "" for none: the anchor of relative and year-less dates, kept
  /// as meta "date" in the form "yyyy-mm-dd". Any form DateAnchor::parse reads: ISO 8601
  /// "2025-01-02" or a date-time "2025-01-02T10:00:00Z" (its date part), or an RFC 2822
  /// date "Thu, 02 Jan 2025 10:00:00 GMT". Anything else is an InputError naming the value.
  std::string date;
  /// Where `date` came from, kept as meta "date_source" ("argument" when empty; readers
  /// say "html" for page metadata, "field" for a JSON Lines field).
  std::string date_source;
  /// Without `date` (and without a meta "date"), look for the date the text states
  /// (find_document_date: a Published line, a dateline, a date line); when found it
  /// anchors the rules and goes into meta "date" with "date_source" "text".
  bool find_date = true;
  /// Metadata copied into the Doc (Doc::set_meta) before the entity stages run.
  std::vector<std::pair<std::string, std::string>> meta;
};

/// The directory of the default model package (en_news): $BYLINE_MODEL when it names a
/// model package directory (one with meta.json), else the first of <install
/// prefix>/share/byline/models/en_news and models/en_news in the source tree (searched from
/// the working directory and the running executable) that holds a meta.json. Throws
/// ModelError listing the places tried when none does. A bare model's rules take their
/// gazetteers from here.
std::string default_model_package();

/// The model loaded when none is named: $BYLINE_MODEL when set (any path Pipeline::load
/// takes: a package directory, a model file, a directory holding model.bin; checked when
/// loaded), else default_model_package().
std::string default_model();

class Pipeline;
/// Pipeline::load(default_model(), options); a ModelError about $BYLINE_MODEL's path names
/// the variable and the path ("BYLINE_MODEL=/x/model.bin: ...").
std::shared_ptr<const Pipeline> load_default_pipeline(const PipelineOptions& options = {});

class Pipeline {
 public:
  /// Loads a model package directory or a bare model file (see the file comment) and
  /// builds the ruler from `options`. Throws ModelError (package or model damaged,
  /// incompatible), ConfigError (bad options) as the stages do.
  static std::shared_ptr<const Pipeline> load(const std::string& path, const PipelineOptions& options = {});
  /// A pipeline over a recognizer that already exists, with the rule stage of `options`
  /// (no package: built-in lists only as `options.ruler` gives them).
  static std::shared_ptr<const Pipeline> create(std::shared_ptr<const EntityRecognizer> recognizer,
                                                const PipelineOptions& options = {});
  /// The pipeline from to_bytes(). Throws ModelError for bytes that are not a
  /// pipeline, are truncated or corrupted, or come from an incompatible version.
  static std::shared_ptr<const Pipeline> from_bytes(std::string_view bytes);

  /// Everything needed to rebuild this pipeline in another process without files: the
  /// recognizer's model bytes, the package's meta.json and built-in lists, and the
  /// resolved options (user patterns, phrases and the contents of user lists).
  std::string to_bytes() const;

  /// The same recognizer and package with other options (for example more user patterns).
  std::shared_ptr<const Pipeline> with_options(const PipelineOptions& options) const;

  /// Tokenizes `text` and runs the recognizer (unless PipelineOptions::ner is false), then the ruler.
  Doc process(std::string_view text, const DocOptions& options = {}) const;
  /// Runs the recognizer and the ruler on a tokenized Doc (entities it already has are
  /// merged by the ruler's policy); sets `options` first.
  void annotate(Doc& doc, const DocOptions& options = {}) const;
  /// process() for each text on `num_threads` threads (0 = all cores; see
  /// resolve_num_threads). `options`: none, or one per text. Results in input order; the
  /// error of the first failing text (by index) is rethrown, naming it "text
  /// <first_index + i>" (first_index: the batch's position in a longer stream). (It runs
  /// the tokenizer and the recognizer for every text, then the rules for every Doc: the
  /// same Docs, with each stage's tables kept in cache across the batch.)
  std::vector<Doc> process_batch(const std::vector<std::string_view>& texts, int num_threads = 0,
                                 const std::vector<DocOptions>& options = {}, std::size_t first_index = 0) const;

  /// Every label the pipeline can produce: the model's (in the news schema), the
  /// ruler's built-in ones and those of user patterns and phrases; sorted, unique.
  std::vector<std::string> labels() const;

  /// The options the pipeline was made with, with the ruler's files read into memory
  /// (RulerOptions::resources, user_list_texts; empty `resources` = the package's
  /// lists), so they can be copied, changed and given to with_options().
  const PipelineOptions& options() const noexcept { return options_; }
  /// The package's meta.json text ("" for a pipeline made from a bare model file).
  const std::string& meta_json() const noexcept { return meta_json_; }
  /// Where the pipeline was loaded from ("" for one made from bytes or in memory).
  const std::string& path() const noexcept { return path_; }

  const Tokenizer& tokenizer() const noexcept { return tokenizer_; }
  const std::shared_ptr<const EntityRecognizer>& recognizer() const noexcept { return recognizer_; }
  /// The rule stage, or null when there is none.
  const std::shared_ptr<const EntityRuler>& ruler() const noexcept { return ruler_; }

  /// Use load(), create() or from_bytes().
  struct Package {
    std::string path;
    std::string meta_json;
    std::map<std::string, std::string> lists;  ///< the package's built-in lists, by file name
  };
  Pipeline(std::shared_ptr<const EntityRecognizer> recognizer, Package package, const PipelineOptions& options);

 private:
  Tokenizer tokenizer_;
  std::shared_ptr<const EntityRecognizer> recognizer_;
  std::shared_ptr<const EntityRuler> ruler_;
  PipelineOptions options_;
  std::string meta_json_, path_;
  std::map<std::string, std::string> package_lists_;
};

}  // namespace byline
