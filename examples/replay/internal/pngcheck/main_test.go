package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func writePNG(t *testing.T, img image.Image) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.png")
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRun(t *testing.T) {
	blank := image.NewRGBA(image.Rect(0, 0, 100, 100))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	// 100×100 with a 40×40 square in 40 shades: 16% non-white, 41 colours.
	drawn := image.NewRGBA(image.Rect(0, 0, 100, 100))
	copy(drawn.Pix, blank.Pix)
	for y := range 40 {
		for x := range 40 {
			drawn.Set(x, y, color.RGBA{uint8(x * 5), 80, 160, 255})
		}
	}
	tests := []struct {
		name string
		img  image.Image
		want int
	}{
		{"blank white page", blank, 1},
		{"drawn page", drawn, 0},
	}
	for _, tc := range tests {
		var out, errOut bytes.Buffer
		if got := run([]string{writePNG(t, tc.img)}, &out, &errOut); got != tc.want {
			t.Errorf("%s: run() = %d, want %d (%s%s)", tc.name, got, tc.want, out.String(), errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if got := run([]string{filepath.Join(t.TempDir(), "missing.png")}, &out, &errOut); got != 1 {
		t.Errorf("missing file: run() = %d, want 1", got)
	}
}
