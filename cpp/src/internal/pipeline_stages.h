// Pipeline::annotate in two parts (private; pipeline.cpp and extract.cpp). Batch functions
// run the first part for every text of a batch, then the second for every Doc: the
// recognizer's weights and the rules' tables then stay in the caches instead of taking
// turns text by text. Each Doc is the one annotate() makes (the recognizer reads no
// metadata; the document-date search reads tokens, not entities).
#pragma once

#include "byline/doc.h"
#include "byline/pipeline.h"

namespace byline::internal {

/// The first part: the options' metadata and date (InputError for a date that is none),
/// then the recognizer. True when the second part is to look for the document's date in
/// its text (no date given or in the metadata, and a ruler that finds dates).
bool annotate_model(const Pipeline& p, Doc& doc, const DocOptions& options);

/// The second part: the date stated in the text when `find_date`, then the ruler.
void annotate_rules(const Pipeline& p, Doc& doc, bool find_date);

}  // namespace byline::internal
