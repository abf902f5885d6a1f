"""Questions and answered questions per seed document, counted by hand (not by the parsers).

exam-questions: reading line by line, 7 "- Question?" bullets at the top, 208 lone-dash
questions (one of them, "Write the mathematical formula…", has no "?"), then 25 "- Question?"
bullets at the end; 62 answered before the attention block, 19 in it (its last 5 are bare).

interview-neural-networks: every "Q." line is a question, plus one whose "Q." was lost
("1. If we want to train the perceptron…" between two "Answer" lines); the first four sections
lost every answer; in the last one three "Answer" lines are bare or only a missing figure
(early-stopping criteria, all possible subnetworks, overfit or underfit first). Two of its
questions are choose-one questions ("Which of the following statements holds true?" and the
tanh initialisation one) and the figure captions are now notices: neither changes these counts,
since both choice questions are unanswered and no answer was only a caption but the one above.

flashcards-fundamentals: cards 1-21 have a question; card 22 is "22", "Q", "A" and nothing
else, so it is not a question; every card has an answer except card 2 (hidden layers).

study-notes: 27 questions, from "What is a neural network?" to "What are differences between
pre-training and fine-tuning of models?"; two do not end in "?" ("... Give 3 examples." and
"... Describe differences"); every question is followed by at least one note.
"""

HAND_COUNTS = {
    "exam-questions": (240, 81),
    "interview-neural-networks": (135, 36),
    "flashcards-fundamentals": (21, 20),
    "study-notes": (27, 27),
}
