// byline/doc.h — the document: text plus annotation columns.
//
//   byline::Tokenizer tok;
//   byline::Doc doc = tok.tokenize("Russia’s central bank said on Monday.");
//   for (std::size_t i = 0; i < doc.size(); ++i)
//     std::cout << doc.token_text(i) << (doc.space_after(i) ? " " : "") ;
//   std::string json = doc.to_json();        // schema "byline.doc/1"
//   byline::Doc back = byline::Doc::from_json(json);
//
// A Doc owns its UTF-8 text and stores annotations as columns (struct of arrays):
// one vector per token attribute, one per sentence/paragraph/entity attribute. No
// heap object per token. Every token has half-open UTF-8 byte offsets
// [token_begin, token_end) and half-open code-point offsets [token_char_begin,
// token_char_end) — the latter are Python `str` indices.
//
// Losslessness: tokens are ordered, do not overlap and never split a code point.
// Everything between two consecutive tokens (and before the first, after the last)
// is a separator: whitespace (Unicode White_Space) or a control character. So
//   text == gap_0 + tok_0 + gap_1 + tok_1 + ... + tok_n-1 + gap_n
// space_after(i) is true when token i is followed by at least one separator.
//
// Sentences and paragraphs are half-open token index ranges. Entities are token
// ranges with a label, score, source and an optional normalised value (JSON text).
//
// Offsets are uint32: a Doc holds at most 4 GiB - 1 bytes of text; the tokenizer
// raises InputError above that.
//
// THREAD SAFETY: const methods may be called concurrently; mutation requires
// exclusive access. Docs are cheap to move.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace byline {

/// Coarse class of a token, decided by the tokenizer rule that produced it.
enum class TokenKind : std::uint8_t {
  kWord = 0,     ///< letters/marks of any script, incl. "U.S.", "Russia-China", "n't", "’s"
  kNumber = 1,   ///< "1,000.50", "31st", "10:30", "2025-01-01", "1/1/2025", "5bn"
  kPunct = 2,    ///< Unicode punctuation (P*): quotes, brackets, dashes, ellipses, . , ; : ! ? % & @ #
  kSymbol = 3,   ///< Unicode symbols (S*): currency ($ € C$), math (+ = <), ° © and the like
  kUrl = 4,      ///< "https://example.com/a?b=c", "www.kremlin.ru", "kremlin.ru"
  kEmail = 5,    ///< "press@example.com"
  kHandle = 6,   ///< "@Reuters"
  kHashtag = 7,  ///< "#AI"
  kEmoji = 8,    ///< one emoji, incl. ZWJ sequences, modifiers and flags
  kOther = 9,    ///< anything else (e.g. U+FFFD, private-use characters)
};
constexpr int kNumTokenKinds = 10;

/// Lower-case name of a kind ("word", "number", ...).
const char* token_kind_name(TokenKind kind) noexcept;
/// Inverse of token_kind_name; throws FormatError for an unknown name.
TokenKind token_kind_from_name(std::string_view name);

/// Bits of Doc::token_flags().
enum TokenFlag : std::uint8_t {
  kSpaceAfter = 1u << 0,  ///< a separator follows the token
  kSentStart = 1u << 1,   ///< first token of a sentence
  kParaStart = 1u << 2,   ///< first token of a paragraph
};

/// Half-open range of token indices.
struct TokenRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool operator==(const TokenRange& o) const noexcept { return begin == o.begin && end == o.end; }
};

/// Where an entity came from (used by the merge policy of later stages).
enum class EntitySource : std::uint8_t { kModel = 0, kPattern = 1, kGazetteer = 2, kUser = 3 };
const char* entity_source_name(EntitySource source) noexcept;
EntitySource entity_source_from_name(std::string_view name);

/// One entity, as handed to and from Doc. Stored internally as columns.
struct Entity {
  std::uint32_t tok_begin = 0;  ///< first token
  std::uint32_t tok_end = 0;    ///< one past the last token
  std::string label;            ///< e.g. "PERSON", "GPE", "DATE"
  float score = 1.0f;
  EntitySource source = EntitySource::kModel;
  std::string value;  ///< normalised value as JSON text; empty when none
};

class Doc {
 public:
  Doc() = default;
  /// Takes ownership of `text`, which must be valid UTF-8 (Tokenizer checks this;
  /// code that builds a Doc by hand is responsible for it). No tokens yet.
  explicit Doc(std::string text);

  Doc(Doc&&) noexcept = default;
  Doc& operator=(Doc&&) noexcept = default;
  Doc(const Doc&) = default;
  Doc& operator=(const Doc&) = default;

  // ---- text ----
  const std::string& text() const noexcept { return text_; }
  /// Length of the text in code points.
  std::uint32_t char_length() const noexcept { return char_length_; }
  /// Byte offset -> code-point offset. `byte_offset` must lie on a code-point
  /// boundary (or equal text().size()); throws std::out_of_range otherwise. O(log n)
  /// within tokens, O(n) scan otherwise.
  std::uint32_t char_offset(std::uint32_t byte_offset) const;
  /// Code-point offset -> byte offset (O(n) scan); throws std::out_of_range.
  std::uint32_t byte_offset(std::uint32_t char_offset) const;

  // ---- tokens (columns) ----
  std::size_t size() const noexcept { return tok_begin_.size(); }
  bool empty() const noexcept { return tok_begin_.empty(); }
  const std::vector<std::uint32_t>& token_begin() const noexcept { return tok_begin_; }
  const std::vector<std::uint32_t>& token_end() const noexcept { return tok_end_; }
  const std::vector<std::uint32_t>& token_char_begin() const noexcept { return tok_cbegin_; }
  const std::vector<std::uint32_t>& token_char_end() const noexcept { return tok_cend_; }
  const std::vector<std::uint8_t>& token_kind() const noexcept { return tok_kind_; }
  const std::vector<std::uint8_t>& token_flags() const noexcept { return tok_flags_; }

  /// Text of token i; throws std::out_of_range.
  std::string_view token_text(std::size_t i) const;
  TokenKind kind(std::size_t i) const { return static_cast<TokenKind>(tok_kind_.at(i)); }
  bool space_after(std::size_t i) const { return (tok_flags_.at(i) & kSpaceAfter) != 0; }
  /// The separator text after token i (up to the next token or the end of text).
  std::string_view whitespace_after(std::size_t i) const;

  // ---- sentences and paragraphs ----
  const std::vector<TokenRange>& sentences() const noexcept { return sents_; }
  const std::vector<TokenRange>& paragraphs() const noexcept { return paras_; }

  // ---- entities ----
  std::size_t num_entities() const noexcept { return ent_begin_.size(); }
  Entity entity(std::size_t i) const;
  std::vector<Entity> entities() const;
  /// Appends an entity; throws std::out_of_range if its token range is invalid.
  void add_entity(const Entity& e);
  /// The same, taking the entity's value text over instead of copying it.
  void add_entity(Entity&& e);
  void clear_entities() noexcept;
  const std::vector<std::uint32_t>& entity_token_begin() const noexcept { return ent_begin_; }
  const std::vector<std::uint32_t>& entity_token_end() const noexcept { return ent_end_; }
  /// Label id per entity; labels() maps ids to names.
  const std::vector<std::uint16_t>& entity_label_id() const noexcept { return ent_label_; }
  const std::vector<std::string>& labels() const noexcept { return labels_; }
  /// The fields of entity(i) without building an Entity (no copy of the label or value);
  /// the views live as long as the Doc is not changed. Throw std::out_of_range as entity(i).
  std::string_view entity_label(std::size_t i) const { return labels_[ent_label_[checked_entity(i)]]; }
  float entity_score(std::size_t i) const { return ent_score_[checked_entity(i)]; }
  EntitySource entity_source(std::size_t i) const { return static_cast<EntitySource>(ent_source_[checked_entity(i)]); }
  /// The value as JSON text; empty when none.
  std::string_view entity_value(std::size_t i) const { return value_text(checked_entity(i)); }

  // ---- metadata ----
  const std::map<std::string, std::string>& meta() const noexcept { return meta_; }
  void set_meta(const std::string& key, const std::string& value) { meta_[key] = value; }
  /// True when invalid UTF-8 in the input was replaced by U+FFFD.
  bool utf8_replaced() const noexcept { return utf8_replaced_; }
  void set_utf8_replaced(bool v) noexcept { utf8_replaced_ = v; }

  // ---- building (used by pipeline stages) ----
  void reserve_tokens(std::size_t n);
  /// Appends a token. Offsets must be increasing and non-overlapping (checked in
  /// debug builds only; Tokenizer guarantees it).
  void push_token(std::uint32_t begin, std::uint32_t end, std::uint32_t char_begin, std::uint32_t char_end,
                  TokenKind kind, std::uint8_t flags) {
    tok_begin_.push_back(begin);
    tok_end_.push_back(end);
    tok_cbegin_.push_back(char_begin);
    tok_cend_.push_back(char_end);
    tok_kind_.push_back(static_cast<std::uint8_t>(kind));
    tok_flags_.push_back(flags);
  }
  /// Sets kSpaceAfter on every token followed by a separator (from the offsets).
  void update_space_after() noexcept;
  /// Replaces sentence (paragraph) ranges and updates the kSentStart (kParaStart) flags.
  void set_sentences(std::vector<TokenRange> sentences);
  void set_paragraphs(std::vector<TokenRange> paragraphs);
  /// Removes tokens, sentences, paragraphs and entities; keeps text and metadata.
  void clear_annotations() noexcept;
  void set_char_length(std::uint32_t n) noexcept { char_length_ = n; }

  // ---- serialisation ----
  /// JSON following schema "byline.doc/1" (see docs/schema.md). indent < 0: compact.
  std::string to_json(int indent = -1) const;
  /// Parses a byline.doc/1 JSON document; throws FormatError with the reason.
  static Doc from_json(std::string_view json);

 private:
  std::uint16_t intern_label(const std::string& label);
  std::uint32_t intern_value(std::string&& value);
  /// The id of an indexed value (value_slots_), or 0.
  std::uint32_t find_value(std::string_view value) const;
  void check_entity(const Entity& e) const;
  const std::string& value_text(std::size_t i) const;
  std::size_t checked_entity(std::size_t i) const {
    if (i >= ent_begin_.size()) throw std::out_of_range("entity index out of range");
    return i;
  }

  std::string text_;
  std::uint32_t char_length_ = 0;
  bool utf8_replaced_ = false;

  std::vector<std::uint32_t> tok_begin_, tok_end_, tok_cbegin_, tok_cend_;
  std::vector<std::uint8_t> tok_kind_, tok_flags_;

  std::vector<TokenRange> sents_, paras_;

  std::vector<std::uint32_t> ent_begin_, ent_end_;
  std::vector<std::uint16_t> ent_label_;
  std::vector<float> ent_score_;
  std::vector<std::uint8_t> ent_source_;
  std::vector<std::uint32_t> ent_value_;  ///< 0: no value; else values_[id - 1]
  std::vector<std::string> labels_;
  /// The distinct values (a long text repeats a few: "{\"country\":\"DE\"}"), and the ids of the
  /// first 4,096 of them in an open-addressing table (ids, 0 = empty slot; values after those
  /// are stored once per entity).
  std::vector<std::string> values_;
  std::vector<std::uint32_t> value_slots_;
  std::uint32_t indexed_values_ = 0;

  std::map<std::string, std::string> meta_;
};

}  // namespace byline
