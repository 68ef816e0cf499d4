"""The congress's dossier documents that are built from what daihoi records (documents.md §8).

One document model per document (`daihoi.documents`), so each renders to Word and to PDF:

- votes.py: the record of each open vote (biên bản biểu quyết);
- minutes.py: the general minutes of the congress (biên bản đại hội);
- results.py: the announcement of the election results, the submission for approval (tờ trình đề nghị
  chuẩn y) with the summary profiles of the elected (danh sách trích ngang), the approval dossier;
- convocation.py: the convocation decision with the convened list, invitation letters, the sign-in sheet;
- rules.py: the programme, the working rules, the congress's election rules;
- ballot_box.py: the opinion ballot and its minutes, the minutes of sealing the ballot box and the ballots.

Whatever daihoi does not record (session times, the sealing time, the secretary's name before the
election) prints as a dotted blank for the clerk to fill by hand, never an invented value.
"""
