"""Work the judge does once: an NSG, route table or firewall evaluated once for each set of inputs that decide its
answer (which of its rules the source matches, the VNet's address space, the receiver), not once per NIC."""
from typing import Callable, Dict, Hashable, Tuple, TypeVar

T = TypeVar("T")


class Memo:
    """Answers by subject (compared by identity: the model object itself) and inputs (hashable)."""

    def __init__(self):
        self._answers: Dict[Tuple[int, Hashable], Tuple[object, object]] = {}

    def once(self, subject: object, inputs: Hashable, compute: Callable[[], T]) -> T:
        """compute() the first time `subject` is asked with `inputs`; the same answer every time after. The subject
        is held with its answer, so its id cannot be reused by another object while the memo lives."""
        slot = (id(subject), inputs)
        held = self._answers.get(slot)
        if held is None or held[0] is not subject:
            held = self._answers[slot] = (subject, compute())
        return held[1]

    def __deepcopy__(self, memo):
        """A copied inventory may then lose or change what it holds: its answers start afresh."""
        return Memo()
