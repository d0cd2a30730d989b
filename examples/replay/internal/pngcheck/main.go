// Command pngcheck fails when a screenshot is blank: it decodes a PNG and
// requires at least -colours distinct colours and -ink per cent of pixels
// that are not (near) white.
//
//	go run ./examples/replay/internal/pngcheck out.png
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pngcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	minColours := fs.Int("colours", 16, "minimum number of distinct colours")
	minInk := fs.Float64("ink", 2, "minimum percentage of pixels that are not near white")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: pngcheck [-colours n] [-ink percent] file.png")
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "pngcheck:", err)
		return 1
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		fmt.Fprintf(stderr, "pngcheck: %s: %v\n", fs.Arg(0), err)
		return 1
	}
	colours, ink, total := measure(img)
	inkPct := 100 * float64(ink) / float64(max(total, 1))
	fmt.Fprintf(stdout, "pngcheck: %s: %dx%d, %d distinct colours, %.1f%% non-white pixels\n",
		fs.Arg(0), img.Bounds().Dx(), img.Bounds().Dy(), colours, inkPct)
	if colours < *minColours || inkPct < *minInk {
		fmt.Fprintf(stderr, "pngcheck: %s looks blank (want at least %d colours and %.1f%% non-white pixels)\n", fs.Arg(0), *minColours, *minInk)
		return 1
	}
	return 0
}

// measure counts distinct colours, pixels that are not near white (any
// channel below 240 of 255), and all pixels.
func measure(img image.Image) (colours, ink, total int) {
	seen := make(map[uint32]bool)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r8, g8, b8 := r>>8, g>>8, bl>>8
			seen[r8<<16|g8<<8|b8] = true
			if r8 < 240 || g8 < 240 || b8 < 240 {
				ink++
			}
			total++
		}
	}
	return len(seen), ink, total
}
