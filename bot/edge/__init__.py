"""The request edge: what a request must look like before Bolt routes it, whose team may
send it, and the guard that keeps a listener's failure polite."""
