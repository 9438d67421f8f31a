#!/usr/bin/env bash
# cli_errors_doc.sh — docs/errors.md lists every message (issue 11, "Done when"). For each error
# message literal in src/*.c and src/cli/*.c (the format string of pli_cfg_error, pl_diags_add,
# cli_error, ST_FAIL, the snprintf calls that build messages, and fprintf/fputs to stderr), its
# longest fixed fragment (the text between conversions such as %s, at least 12 characters, cut to
# 40) must appear in docs/errors.md, where messages are written with placeholders (FILE, X, N).
# A heuristic: it cannot tell that a row explains the message well, only that the message is
# there. Written in perl, which Debian always has (perl-base is an Essential package).
set -u
fail=0
docs="$PARLEY_SRC/docs/errors.md"
[ -s "$docs" ] || {
  echo "FAIL: no $docs"
  exit 1
}

missing=$(
  cd "$PARLEY_SRC" && perl -e '
    use strict; use warnings;
    local $/;
    open(my $dh, "<", "docs/errors.md") or die "docs/errors.md: $!";
    my $docs = <$dh>;
    $docs =~ s/\\\|/|/g;                       # a | escaped inside a table cell
    $docs =~ s/`//g;                           # code spans split a message in two
    my $lit = qr/"((?:[^"\\]|\\.)*)"/;
    my $call = qr/(?:pli_cfg_error|pl_diags_add|cli_error|ST_FAIL|snprintf\(why,\s*n,|snprintf\(msg,\s*sizeof msg,|fprintf\(stderr,|fputs\()/;
    my $count = 0;
    for my $f (sort(glob("src/*.c"), glob("src/cli/*.c"))) {
      open(my $fh, "<", $f) or die "$f: $!";
      my $t = <$fh>;
      while ($t =~ /$call/g) {
        my $start = $-[0];
        my $pos = pos($t);
        # The arguments up to the call'"'"'s closing ");" (messages never contain one).
        my $end = index($t, ");", $pos);
        next if $end < 0;
        my $args = substr($t, $pos, $end - $pos);
        # fputs writes to stderr only when its last argument says so.
        next if substr($t, $start, 6) eq "fputs(" && $args !~ /stderr\s*$/;
        # Groups of adjacent literals ("a" "b" is one string); the first group that has a
        # fragment of at least 12 characters is the message (cli_error("", "...") has an empty
        # first one).
        my @groups;
        while ($args =~ /((?:$lit\s*(?:PRI\w+\s*)?)+)/g) {
          my $g = $1;
          my $s = "";
          while ($g =~ /$lit|(PRI\w+)/g) { $s .= defined $1 ? $1 : "%d"; }
          push @groups, $s;
        }
        for my $s (@groups) {
          $s =~ s/\\n/\n/g; $s =~ s/\\"/"/g; $s =~ s/\\\\/\\/g; $s =~ s/%%/%/g;
          my @frags = grep { length($_) >= 12 }
                      map { my $x = $_; $x =~ s/^\s+|\s+$//g; $x }
                      split(/%[-+ 0-9.*]*(?:hh|h|ll|l|z|j|t)?[a-zA-Z]|\n/, $s);
          next unless @frags;
          my ($frag) = sort { length($b) <=> length($a) } @frags;
          $frag =~ s/^parley (?:run|sweep|plot|trace|validate): (?:error|warning): //;
          $frag = substr($frag, 0, 40);
          $count++;
          if (index($docs, $frag) < 0) {
            my $line = (substr($t, 0, $start) =~ tr/\n//) + 1;
            my $one = $s; $one =~ s/\n/\\n/g;
            print "$f:$line: $one\n";
          }
          last;
        }
      }
    }
    # The extraction must still find the messages: a change of style that hid them all would
    # make this test pass on nothing.
    print "only $count messages found in src/ (expected hundreds)\n" if $count < 200;
  '
)
if [ -n "$missing" ]; then
  echo "FAIL: messages in src/ not in docs/errors.md (add a row to the table of their section):"
  echo "$missing"
  fail=1
fi
exit $fail
