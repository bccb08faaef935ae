// Rule-based sentence and paragraph splitting (see docs/tokenization.md,
// "Sentences and paragraphs"). One pass over the tokens; each decision looks at the
// token, the separator after it and the next token, all as views into the text.
#include "sentencizer.h"

#include <cstring>
#include <string_view>

#include "internal/chars.h"
#include "internal/utf8.h"
#include "rules_en.h"

namespace byline::internal {
namespace {

char32_t first_cp(std::string_view t) {
  if (t.empty()) return 0;
  auto c = static_cast<unsigned char>(t[0]);
  if (c < 0x80) return c;
  int len;
  return decode(reinterpret_cast<const unsigned char*>(t.data()), 0, &len);
}

// ". ! ? … ‽" and runs of them ("?!", "...").
bool is_terminal(std::string_view t) {
  for (std::size_t i = 0; i < t.size();) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == '.' || c == '!' || c == '?') {
      ++i;
      continue;
    }
    if (t.compare(i, 3, "\xE2\x80\xA6") == 0 || t.compare(i, 3, "\xE2\x80\xBD") == 0) {  // … ‽
      i += 3;
      continue;
    }
    return false;
  }
  return !t.empty();
}

// Closing quotes and brackets that belong to the sentence before them.
bool is_closing(std::string_view t) {
  return t == "\"" || t == "'" || t == "''" || t == ")" || t == "]" || t == "}" || t == "\xE2\x80\x9D" /*”*/ ||
         t == "\xE2\x80\x99" /*’*/ || t == "\xC2\xBB" /*»*/ || t == "\xE2\x80\xBA" /*›*/;
}

// Tokens that continue a sentence after a line break or a terminator.
bool is_continuation_punct(std::string_view t) {
  return t == "," || t == ";" || t == ":" || t == "-" || t == "\xE2\x80\x93" /*–*/ || t == "\xE2\x80\x94" /*—*/ ||
         t == "&" || t == "%";
}

// Line breaks in a separator; U+2029 PARAGRAPH SEPARATOR counts as a blank line.
// "\r\n" counts once.
int newlines(std::string_view gap) {
  if (gap.size() == 1) return gap[0] == '\n' || gap[0] == '\r';
  int n = 0;
  for (std::size_t i = 0; i < gap.size(); ++i) {
    char c = gap[i];
    if (c == '\n')
      ++n;
    else if (c == '\r' && (i + 1 >= gap.size() || gap[i + 1] != '\n'))
      ++n;
    else if (c == '\xE2' && gap.compare(i, 3, "\xE2\x80\xA9") == 0)
      n += 2;
    else if (c == '\xE2' && gap.compare(i, 3, "\xE2\x80\xA8") == 0)
      ++n;  // LINE SEPARATOR
  }
  return n;
}

bool has_blank_line(std::string_view text) {
  for (std::size_t p = text.find('\n'); p != std::string_view::npos; p = text.find('\n', p + 1)) {
    std::size_t q = p + 1;
    while (q < text.size() && (text[q] == ' ' || text[q] == '\t' || text[q] == '\r')) ++q;
    if (q < text.size() && text[q] == '\n') return true;
  }
  return text.find("\xE2\x80\xA9") != std::string_view::npos || text.find("\r\r") != std::string_view::npos;
}

}  // namespace

void split_sentences(Doc& doc) {
  const std::size_t n = doc.size();
  if (n == 0) {
    doc.set_sentences({});
    doc.set_paragraphs({});
    return;
  }
  const std::string_view text = doc.text();
  const std::uint32_t* tb = doc.token_begin().data();
  const std::uint32_t* te = doc.token_end().data();
  auto tok = [&](std::size_t i) { return text.substr(tb[i], te[i] - tb[i]); };
  auto gap = [&](std::size_t i) {
    std::size_t end = i + 1 < n ? tb[i + 1] : text.size();
    return text.substr(te[i], end - te[i]);
  };
  // Without any blank line in the text, a line break that ends a sentence also ends
  // the paragraph (one paragraph per line, as in many scraped articles).
  const bool line_paragraphs = !has_blank_line(text);

  std::vector<TokenRange> sents, paras;
  sents.reserve(n / 20 + 1);
  std::uint32_t sent_start = 0, para_start = 0;
  auto end_sentence = [&](std::size_t last) {
    auto e = static_cast<std::uint32_t>(last + 1);
    if (e > sent_start) sents.push_back({sent_start, e});
    sent_start = e;
  };
  auto end_paragraph = [&](std::size_t last) {
    end_sentence(last);
    auto e = static_cast<std::uint32_t>(last + 1);
    if (e > para_start) paras.push_back({para_start, e});
    para_start = e;
  };
  // Ends the sentence at token `last`, followed by a separator with `nl` line breaks.
  auto end_at = [&](std::size_t last, int nl) {
    if (nl >= 2 || (nl == 1 && line_paragraphs))
      end_paragraph(last);
    else
      end_sentence(last);
  };

  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (te[i] == tb[i + 1]) {
      // No separator: only a terminator followed by a closing quote/bracket matters,
      // and that is handled when the terminator is seen. Nothing ends here.
      continue;
    }
    std::string_view g = gap(i);
    int nl = (g.size() == 1 && g[0] == ' ') ? 0 : newlines(g);
    if (nl == 0) {
      // Common case: a word or number followed by a space; only an abbreviation matters.
      auto c = static_cast<unsigned char>(text[tb[i]]);
      if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')) {
        if (text[te[i] - 1] != '.') continue;
      }
    }
    if (nl >= 2) {
      end_paragraph(i);
      continue;
    }
    std::string_view t = tok(i);
    std::string_view next = tok(i + 1);
    auto c0 = static_cast<unsigned char>(t[0]);

    if (c0 == '.' || c0 == '!' || c0 == '?' || c0 == 0xE2) {
      if (is_terminal(t)) {
        if (!is_lower(first_cp(next)) && !is_continuation_punct(next))
          end_at(i, nl);
        else if (nl == 1 && line_paragraphs)
          end_paragraph(i);  // "... now.\nand then" in line mode
        continue;
      }
    }
    if (t.size() > 1 && t.back() == '.') {
      // An abbreviation ends a sentence only before a common sentence starter or a line break.
      if (std::uint8_t flags = abbreviation_flags(t)) {
        if (!(flags & kTitle) && (nl == 1 || is_sentence_starter(next))) end_at(i, nl);
        continue;
      }
    }
    if (is_closing(t) && i > 0 && te[i - 1] == tb[i]) {
      // A closing quote/bracket right after a terminator: '"... erased now.” By'.
      std::size_t j = i - 1;
      while (j > 0 && te[j - 1] == tb[j] && is_closing(tok(j))) --j;
      if (is_terminal(tok(j)) && !is_lower(first_cp(next)) && !is_continuation_punct(next)) {
        end_at(i, nl);
        continue;
      }
    }
    if (nl == 1) {
      // A line break ends a sentence (a headline, a list item) unless the next line
      // clearly continues it: it starts with a lower-case word or joining punctuation,
      // or the line ends with joining punctuation. In text with blank lines, single
      // line breaks are usually hard wraps, so a lower-case word before the break
      // also continues the sentence ("the government of\nRussia").
      // (A dash at the start of a line is a list bullet, not a continuation.)
      bool next_joins = is_continuation_punct(next) && next != "-" && next != "\xE2\x80\x93" && next != "\xE2\x80\x94";
      bool continues = is_lower(first_cp(next)) || next_joins || is_continuation_punct(t) ||
                       (!line_paragraphs && is_lower(first_cp(t)));
      if (!continues) end_at(i, nl);
    }
  }
  end_paragraph(n - 1);
  doc.set_sentences(std::move(sents));
  doc.set_paragraphs(std::move(paras));
}

}  // namespace byline::internal
