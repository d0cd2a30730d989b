package main

func renderHTML(res *result) ([]byte, error) { return nil, nil }
