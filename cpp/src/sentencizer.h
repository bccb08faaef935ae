// Rule-based sentence and paragraph splitting over tokenized text (private).
#pragma once

#include "byline/doc.h"

namespace byline::internal {

/// Sets doc's sentences and paragraphs from its tokens and text. The rules are
/// described in docs/tokenization.md ("Sentences and paragraphs").
void split_sentences(Doc& doc);

}  // namespace byline::internal
