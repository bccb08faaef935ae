// byline/tokenizer.h — rule-based, lossless tokenizer and sentence splitter for news text.
//
//   byline::Tokenizer tok;                       // default English news rules
//   byline::Doc doc = tok.tokenize("Putin’s directive, published on Dec. 30, ...");
//   for (auto& step : tok.explain("don't")) std::cout << step.text << " " << step.rule << "\n";
//
//   byline::TokenizerOptions opts;
//   opts.utf8 = byline::Utf8Policy::kReplace;    // invalid bytes -> U+FFFD, doc.utf8_replaced()
//   byline::Tokenizer lenient(opts);
//
// The rules are documented in one place, docs/tokenization.md, and each has tests
// in tests/cpp/tokenizer_test.cpp.
//
// requires: input is UTF-8 (strict policy: EncodingError otherwise) and < 4 GiB.
// ensures:  the Doc is lossless (see doc.h), tokens never split a code point or
//           separate combining marks from their base, sentences and paragraphs
//           partition the tokens.
//
// THREAD SAFETY: a Tokenizer is immutable after construction; tokenize() and
// explain() are const and may be called from many threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/doc.h"

namespace byline {

/// What to do with bytes that are not valid UTF-8.
enum class Utf8Policy {
  kStrict,   ///< throw EncodingError naming the byte offset (default)
  kReplace,  ///< replace each maximal invalid subsequence with U+FFFD; flag the Doc
};

struct TokenizerOptions {
  Utf8Policy utf8 = Utf8Policy::kStrict;
  /// Split sentences and paragraphs (otherwise the whole text is one of each).
  bool split_sentences = true;
};

/// One step of Tokenizer::explain: a token and the rule that produced it.
struct ExplainStep {
  std::string text;
  std::string rule;  ///< e.g. "SPECIAL", "PREFIX", "SUFFIX", "INFIX", "URL", "TOKEN"
};

class Tokenizer {
 public:
  explicit Tokenizer(TokenizerOptions options = {});
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  const TokenizerOptions& options() const noexcept;

  /// Tokenizes (and by default sentence-splits) `text` into a new Doc.
  Doc tokenize(std::string_view text) const;
  /// Same, taking ownership of the string (avoids one copy for valid input).
  Doc tokenize(std::string&& text) const;
  /// (Re)tokenizes a Doc in place from its text; existing annotations are dropped.
  void tokenize_doc(Doc& doc) const;

  /// The tokens of `text` with the rule that produced each, for debugging rules.
  std::vector<ExplainStep> explain(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Tokenizes many texts on `num_threads` threads (0 = all cores, or 1 when the
/// environment variable BYLINE_PARALLELISM is "0"/"false"). Results are in input
/// order. If any text fails, the error of the first failing text (by index) is
/// rethrown after all threads have stopped.
std::vector<Doc> tokenize_batch(const Tokenizer& tokenizer, const std::vector<std::string_view>& texts,
                                int num_threads = 0);

/// The most threads a batch call uses; larger requests are capped to it.
constexpr int kMaxThreads = 256;

/// Number of threads `requested` resolves to (see tokenize_batch), at most kMaxThreads.
/// Throws std::invalid_argument for a negative count. A batch call that cannot start all
/// of its threads (the system refuses) carries on with those it started and logs a warning.
int resolve_num_threads(int requested);

}  // namespace byline
