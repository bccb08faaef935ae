# Statistical NER (EntityRecognizer): model, features, trainer, evaluator, clustering.
target_sources(byline PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/conll.cpp
  ${CMAKE_CURRENT_LIST_DIR}/features.cpp
  ${CMAKE_CURRENT_LIST_DIR}/model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/train.cpp
  ${CMAKE_CURRENT_LIST_DIR}/train_options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clusters.cpp
)
